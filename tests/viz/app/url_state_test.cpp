// The web page's URL as the desktop's flags (viz/app/url_state.hpp): decoding, each parameter
// checked alone so a bad one is named and the rest still apply, combinations named by the
// scenario check, and links that reproduce what is on screen.
#include "app/url_state.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "app/app_flags.hpp"
#include "lesson/lesson_parser.hpp"
#include "runtime/scenario_options.hpp"
#include "support/random_scenario.hpp"

namespace cq::viz {
namespace {

struct Applied {
  AppOptions options;
  cli::ScenarioFlags flags = watchable_scenario_flags();
  std::vector<std::string> messages;
};

Applied apply(const std::string& query) {
  Applied a;
  cli::resolve(a.flags);
  a.messages = apply_url_params(parse_query(query), a.options, a.flags);
  return a;
}

TEST(UrlQuery, DecodesPercentEscapesPlusAndBareKeys) {
  const auto params = parse_query("?lesson=5&&schedule=m0%2Cs1&note=a+b%20c&unthrottled&bad=%zz");
  ASSERT_EQ(params.size(), 5u);
  EXPECT_EQ(params[0], (UrlParam{"lesson", "5"}));
  EXPECT_EQ(params[1], (UrlParam{"schedule", "m0,s1"}));
  EXPECT_EQ(params[2], (UrlParam{"note", "a b c"}));
  EXPECT_EQ(params[3], (UrlParam{"unthrottled", ""}));
  EXPECT_EQ(params[4], (UrlParam{"bad", "%zz"}));  // not an escape: kept for the check to name
  EXPECT_TRUE(parse_query("").empty());
  EXPECT_TRUE(parse_query("?").empty());
}

TEST(UrlQuery, EncodingRoundTrips) {
  const std::vector<UrlParam> params{{"schedule", "m0,s1 x"}, {"speed", "0.001"}, {"u&v", "a=b"}};
  const std::string query = encode_query(params);
  EXPECT_EQ(query.find(' '), std::string::npos);
  EXPECT_EQ(parse_query(query), params);
  EXPECT_EQ(encode_query({}), "");
}

// Found by tests/fuzz/fuzz_url: "?=" is one parameter with neither name nor value, which was
// written back as "?" and so lost (the page then had one message fewer to show).
TEST(UrlQuery, AParameterWithNeitherNameNorValueRoundTrips) {
  const std::vector<UrlParam> params = parse_query("?=");
  ASSERT_EQ(params.size(), 1u);
  EXPECT_EQ(encode_query(params), "?=");
  EXPECT_EQ(parse_query(encode_query(params)), params);
}

TEST(UrlParams, ApplyAsTheDesktopFlags) {
  const Applied a = apply("?gomaxprocs=16&protocol=oneshot&seed=42&lesson=5&step=3&palette=light");
  EXPECT_TRUE(a.messages.empty()) << a.messages.front();
  EXPECT_EQ(a.flags.scenario.gomaxprocs, 16u);
  EXPECT_EQ(a.flags.scenario.protocol, WakeProtocol::oneshot);
  EXPECT_EQ(a.flags.scenario.seed, 42u);
  EXPECT_EQ(a.flags.scenario.cleanups, 150u);  // the app's default, untouched
  EXPECT_EQ(a.options.lesson, "5");
  EXPECT_EQ(a.options.lesson_step, 3u);
  EXPECT_EQ(a.options.palette, "light");
}

// ?welcome forces the welcome; ?seed=N is the seed every lesson opened takes; a link naming a
// scenario option (not only the seed) or a tab asks for something to show: no welcome.
TEST(UrlParams, WelcomeAndSeedAreStartChoices) {
  Applied a = apply("?welcome&lesson=5&seed=7");
  ASSERT_TRUE(a.messages.empty()) << a.messages.front();
  apply_start_choices(a.flags, a.options);
  EXPECT_TRUE(a.options.welcome);
  EXPECT_EQ(a.options.lesson_seed, std::optional<std::uint64_t>(7));
  EXPECT_FALSE(a.options.names_what_to_show) << "a lesson and a seed leave the welcome its say";
  Applied plain = apply("");
  apply_start_choices(plain.flags, plain.options);
  EXPECT_FALSE(plain.options.welcome);
  EXPECT_FALSE(plain.options.lesson_seed.has_value());
  EXPECT_FALSE(plain.options.names_what_to_show);
  for (const char* query : {"?gomaxprocs=4", "?tab=metrics", "?unthrottled"}) {
    Applied named = apply(query);
    apply_start_choices(named.flags, named.options);
    EXPECT_TRUE(named.options.names_what_to_show) << query;
  }
}

TEST(UrlParams, ABadWelcomeValueIsNamed) {
  const Applied a = apply("?welcome=maybe&seed=7");
  ASSERT_EQ(a.messages.size(), 1u);
  EXPECT_NE(a.messages[0].find("welcome=maybe"), std::string::npos) << a.messages[0];
  EXPECT_FALSE(a.options.welcome);
  EXPECT_EQ(a.flags.scenario.seed, 7u);
}

// ?practice (or ?practice=1) opens the named lesson's practice; a bad value is named, and the
// lesson and its seed still apply.
TEST(UrlParams, PracticeIsAFlagLikeWelcome) {
  for (const char* query : {"?lesson=2&seed=9&practice=1", "?lesson=2&seed=9&practice"}) {
    const Applied a = apply(query);
    EXPECT_TRUE(a.messages.empty()) << query << ": " << a.messages.front();
    EXPECT_TRUE(a.options.practice) << query;
    EXPECT_EQ(a.options.lesson, "2");
  }
  const Applied bad = apply("?lesson=2&seed=9&practice=maybe");
  ASSERT_EQ(bad.messages.size(), 1u);
  EXPECT_NE(bad.messages[0].find("practice=maybe"), std::string::npos) << bad.messages[0];
  EXPECT_FALSE(bad.options.practice);
  EXPECT_EQ(bad.options.lesson, "2");
  EXPECT_EQ(bad.flags.scenario.seed, 9u);
}

TEST(UrlParams, ABadValueIsNamedAndTheRestStillApply) {
  const Applied a = apply("?gomaxprocs=999&seed=7");
  ASSERT_EQ(a.messages.size(), 1u);
  EXPECT_NE(a.messages[0].find("gomaxprocs=999"), std::string::npos) << a.messages[0];
  EXPECT_NE(a.messages[0].find("256"), std::string::npos) << "the allowed range: " << a.messages[0];
  EXPECT_EQ(a.flags.scenario.gomaxprocs, Scenario{}.gomaxprocs);
  EXPECT_EQ(a.flags.scenario.seed, 7u);
}

// The view parameters are worded as the scenario ones ("URL parameter gomaxprocs=999 is out of
// range: allowed 1..256"), not in CLI11's own words ("--palette: x not in {dark,light,...}").
TEST(UrlParams, ABadViewValueIsWordedAsTheScenarioOnes) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"?palette=x&seed=4",
       "URL parameter palette=x is not a choice: allowed dark, light or okabe-ito"},
      {"?tab=nope&seed=4",
       "URL parameter tab=nope is not a choice: allowed log, metrics, "
       "scenario, compare, lessons, realgo, code or help"},
      {"?recording=go1.24&seed=4",
       "URL parameter recording=go1.24 is not a choice: allowed go1.25 or go1.26"},
      {"?step=0&seed=4", "URL parameter step=0 is out of range: allowed 1..40"},
      {"?step=two&seed=4", "URL parameter step=two is not a whole number: allowed 1..40"},
  };
  for (const auto& [query, message] : cases) {
    const Applied a = apply(query);
    ASSERT_EQ(a.messages.size(), 1u) << query;
    EXPECT_EQ(a.messages[0], message + " (the default is used)");
    EXPECT_EQ(a.flags.scenario.seed, 4u) << "the rest still applies: " << query;
    EXPECT_TRUE(a.options.palette.empty()) << query;
    EXPECT_TRUE(a.options.tab.empty()) << query;
    EXPECT_TRUE(a.options.recording.empty()) << query;
    EXPECT_EQ(a.options.lesson_step, 0u) << query;
  }
}

// ?go= picks the profile as --go does: go1.26's wake, 20-slot blocks and three-word slots.
TEST(UrlParams, GoPicksTheProfile) {
  const Applied a = apply("?go=go1.26");
  EXPECT_TRUE(a.messages.empty()) << a.messages.front();
  const Scenario& s = a.flags.scenario;
  EXPECT_EQ(s.go, GoVersion::go1_26);
  EXPECT_EQ(s.block_capacity, go_profile(GoVersion::go1_26).block_capacity);
  EXPECT_EQ(s.protocol, go_profile(GoVersion::go1_26).protocol);
  EXPECT_EQ(describe_go(s, true), go_profile(GoVersion::go1_26).title)
      << "the profile itself, not a custom scenario";
}

TEST(UrlParams, AGoThatIsNoProfileIsNamedWithTheProfiles) {
  const Applied a = apply("?go=go1.27&seed=5");
  ASSERT_EQ(a.messages.size(), 1u);
  const std::string& m = a.messages[0];
  EXPECT_NE(m.find("go=go1.27"), std::string::npos) << "the parameter and its value: " << m;
  for (const char* allowed : {"e46c8e", "go1.25", "go1.26", "go1.24"}) {
    EXPECT_NE(m.find(allowed), std::string::npos) << "the allowed values: " << m;
  }
  EXPECT_EQ(a.flags.scenario.go, kDefaultGoVersion) << "the default is used";
  EXPECT_EQ(a.flags.scenario.seed, 5u) << "the rest still applies";
  EXPECT_EQ(m,
            "URL parameter go=go1.27 is not a choice: allowed e46c8e, go1.25, go1.26 or go1.24 "
            "(the default is used)");
}

TEST(UrlParams, RecordingNamesTheRealGoTabsTrace) {
  const Applied a = apply("?tab=realgo&recording=go1.26");
  EXPECT_TRUE(a.messages.empty()) << a.messages.front();
  EXPECT_EQ(a.options.tab, "realgo");
  EXPECT_EQ(a.options.recording, "go1.26");
}

TEST(UrlParams, UnknownAndDesktopOnlyParametersAreNamed) {
  for (const char* key : {"colour", "headless", "screenshot", "backend"}) {
    const Applied a = apply(std::string("?") + key + "=1&seed=3");
    ASSERT_EQ(a.messages.size(), 1u) << key;
    EXPECT_NE(a.messages[0].find(std::string("'") + key + "' is not known"), std::string::npos)
        << a.messages[0];
    EXPECT_NE(a.messages[0].find("gomaxprocs"), std::string::npos) << "lists the known ones";
    EXPECT_EQ(a.flags.scenario.seed, 3u);
  }
}

TEST(UrlParams, AValueWrongOnlyInCombinationIsNamedAndLeftOut) {
  // A schedule needs the conducted or inline runner; the threaded one is asked for too.
  const Applied a = apply("?runner=threaded&schedule=m0,s1&seed=5");
  ASSERT_EQ(a.messages.size(), 1u);
  EXPECT_NE(a.messages[0].find("URL parameter schedule"), std::string::npos) << a.messages[0];
  EXPECT_TRUE(a.flags.scenario.schedule.empty());
  EXPECT_EQ(a.flags.scenario.runner, RunnerKind::threaded);
  EXPECT_EQ(a.flags.scenario.seed, 5u);
}

TEST(UrlParams, ExcludedFlagsTogetherFallBackToTheDefaults) {
  const Applied a = apply("?speed=0.01&unthrottled&seed=9");
  ASSERT_FALSE(a.messages.empty());
  EXPECT_NE(a.messages.back().find("URL parameters"), std::string::npos) << a.messages.back();
  EXPECT_EQ(a.flags.scenario.seed, Scenario{}.seed);
}

TEST(ShareLink, ALessonLinkIsItsStep) {
  EXPECT_EQ(encode_query(share_params(Scenario{}, Scenario{}, 5u, 3)), "?lesson=5&step=3");
}

TEST(ShareLink, AScenarioLinkReproducesTheScenarioAndOmitsDefaults) {
  cli::ScenarioFlags defaults = watchable_scenario_flags();
  cli::resolve(defaults);
  Scenario s = defaults.scenario;
  EXPECT_EQ(encode_query(share_params(s, defaults.scenario, std::nullopt, 0)), "");
  s.gomaxprocs = 32;
  s.protocol = WakeProtocol::oneshot;
  s.runner = RunnerKind::inline_;
  s.seed = 1234;
  s.stuck_cleanup = 11;
  s.schedule = {"m0", "s1"};
  const std::string query = encode_query(share_params(s, defaults.scenario, std::nullopt, 0));
  EXPECT_EQ(query.find("cleanups"), std::string::npos)
      << "unchanged options are left out: " << query;
  const Applied back = apply(query);
  EXPECT_TRUE(back.messages.empty()) << back.messages.front();
  EXPECT_EQ(to_command_line(back.flags.scenario), to_command_line(s)) << query;
}

// Every lesson's scenario and 250 random valid ones: scenario -> link -> scenario is the
// identity for every option the table has.
TEST(ShareLink, EveryLessonScenarioSurvivesALink) {
  cli::ScenarioFlags defaults = watchable_scenario_flags();
  cli::resolve(defaults);
  std::size_t lessons = 0;
  for (const auto& entry : std::filesystem::directory_iterator(CQ_TEST_LESSONS_DIR)) {
    if (entry.path().extension() != ".toml") continue;
    lesson::ParseResult parsed = lesson::parse_lesson_file(entry.path().string());
    ASSERT_TRUE(parsed.lesson) << entry.path();
    ++lessons;
    const Scenario& s = parsed.lesson->scenario;
    const std::string query = encode_query(share_params(s, defaults.scenario, std::nullopt, 0));
    const Applied back = apply(query);
    EXPECT_TRUE(back.messages.empty()) << entry.path() << ": " << back.messages.front();
    EXPECT_EQ(all_options(back.flags.scenario), all_options(s)) << entry.path() << ": " << query;
  }
  EXPECT_GE(lessons, 12u);
}

TEST(ShareLink, RandomScenariosSurviveALink) {
  cli::ScenarioFlags defaults = watchable_scenario_flags();
  cli::resolve(defaults);
  std::mt19937_64 rng(42);
  for (int i = 0; i < 250; ++i) {
    const Scenario s = test::random_scenario(rng, Scenario{}, test::RandomFor::command_line);
    const std::string query = encode_query(share_params(s, defaults.scenario, std::nullopt, 0));
    const Applied back = apply(query);
    EXPECT_TRUE(back.messages.empty()) << query << ": " << back.messages.front();
    EXPECT_EQ(all_options(back.flags.scenario), all_options(s)) << query;
  }
}

}  // namespace
}  // namespace cq::viz
