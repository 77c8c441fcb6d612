# The WebAssembly builds (presets web and web-st), with Debian's emscripten. Included from the
# top-level CMakeLists.txt when the emscripten toolchain is in use.
#
# Emscripten's toolchain finds packages only inside its own sysroot, so the header-only libraries
# the engine uses (CLI11, nlohmann-json, toml++, stb) come from Debian's packages through a
# private include folder that holds just them: putting /usr/include itself on the path would mix
# the host's C library headers into a wasm build. GoogleTest is built from Debian's own sources
# (/usr/src/googletest), Dear ImGui from Debian's source package (scripts/fetch-imgui-source.sh).
option(CQ_WEB_THREADS "WebAssembly with pthreads (threaded and conducted runners; the page must be cross-origin isolated)" ON)

set(CQ_WEB_HEADERS ${CMAKE_BINARY_DIR}/_deps/host-headers)
file(MAKE_DIRECTORY ${CQ_WEB_HEADERS})
foreach(entry CLI nlohmann toml++ stb/stb_image_write.h stb/stb_image.h)
  get_filename_component(name ${entry} NAME)
  if(NOT EXISTS /usr/include/${entry})
    message(FATAL_ERROR "/usr/include/${entry} not found: run scripts/install-deps.sh web")
  endif()
  file(CREATE_LINK /usr/include/${entry} ${CQ_WEB_HEADERS}/${name} SYMBOLIC)
endforeach()

add_library(cq_web_host_headers INTERFACE)
target_include_directories(cq_web_host_headers SYSTEM INTERFACE ${CQ_WEB_HEADERS})
add_library(CLI11::CLI11 ALIAS cq_web_host_headers)
add_library(nlohmann_json::nlohmann_json ALIAS cq_web_host_headers)
set(CQ_TOMLPP_INCLUDE_DIR ${CQ_WEB_HEADERS} CACHE PATH "toml++ (from Debian, for the web build)")

# One flag set for every object and link: -pthread must be on all of them or none. Exceptions
# are on: CLI11 (URL parameters) and the lesson parser report bad input by throwing.
set(CQ_WEB_COMMON -fexceptions)
if(CQ_WEB_THREADS)
  list(APPEND CQ_WEB_COMMON -pthread)
endif()
add_compile_options(${CQ_WEB_COMMON})
add_link_options(${CQ_WEB_COMMON})
# Thread pools (-sPTHREAD_POOL_SIZE) are per target: the page sizes its own from the URL
# (web/CMakeLists.txt), the tests under Node get a fixed one (tests/web/CMakeLists.txt).
# Debian's emscripten runs its JS optimiser with the system Node, which lacks Debian's acorn.
set(CMAKE_CXX_LINKER_LAUNCHER ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs)

# Threads::Threads: -pthread already is on every command line (or must not be at all).
add_library(Threads::Threads INTERFACE IMPORTED)
set(Threads_FOUND TRUE)

if(CQ_BUILD_TESTS)
  set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
  set(BUILD_GMOCK OFF CACHE BOOL "" FORCE)
  add_subdirectory(/usr/src/googletest ${CMAKE_BINARY_DIR}/_deps/googletest EXCLUDE_FROM_ALL)
  set(GTest_FOUND TRUE)  # googletest's own CMake defines GTest::gtest and GTest::gtest_main
endif()

# Dear ImGui's core and the OpenGL3 backend (WebGL 2 = OpenGL ES 3), from Debian's source package
# of the installed libimgui-dev's version, fetched into the build folder (never into git).
set(CQ_IMGUI_SRC ${CMAKE_BINARY_DIR}/_deps/imgui-src)
execute_process(COMMAND ${PROJECT_SOURCE_DIR}/scripts/fetch-imgui-source.sh ${CQ_IMGUI_SRC}
                RESULT_VARIABLE fetch_result)
if(NOT fetch_result EQUAL 0)
  message(FATAL_ERROR "could not fetch Dear ImGui's sources (scripts/fetch-imgui-source.sh)")
endif()
add_library(cq_imgui STATIC
  ${CQ_IMGUI_SRC}/imgui.cpp
  ${CQ_IMGUI_SRC}/imgui_draw.cpp
  ${CQ_IMGUI_SRC}/imgui_tables.cpp
  ${CQ_IMGUI_SRC}/imgui_widgets.cpp
  ${CQ_IMGUI_SRC}/backends/imgui_impl_opengl3.cpp
)
target_include_directories(cq_imgui SYSTEM PUBLIC ${CQ_IMGUI_SRC} ${CQ_IMGUI_SRC}/backends)
# ImGui 1.86's OpenGL3 backend picks WebGL 1 shaders on emscripten unless told ES 3.
target_compile_definitions(cq_imgui PUBLIC IMGUI_IMPL_OPENGL_ES3)
