# Writes version.cpp (cmake -P, at every build): the project version and the short git commit of
# the source tree, "unknown" where the sources are not a git checkout (a tarball) or git is
# missing. The file is rewritten only when its text changes, so an unchanged commit rebuilds
# nothing.
#   -DSOURCE_DIR=... -DTEMPLATE=.../version.cpp.in -DOUTPUT=.../version.cpp -DCQ_VERSION=0.2.0
set(CQ_COMMIT unknown)
find_program(GIT_EXECUTABLE git)
if(GIT_EXECUTABLE)
  execute_process(COMMAND ${GIT_EXECUTABLE} -C ${SOURCE_DIR} rev-parse --short=7 HEAD
                  OUTPUT_VARIABLE commit RESULT_VARIABLE status ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(status EQUAL 0 AND commit MATCHES "^[0-9a-f]+$")
    set(CQ_COMMIT ${commit})
  endif()
endif()
configure_file(${TEMPLATE} ${OUTPUT}.new @ONLY)
file(COPY_FILE ${OUTPUT}.new ${OUTPUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUTPUT}.new)
