#include "client_deadline.hpp"

#include <gtest/gtest.h>

using namespace profiles;
using std::chrono::microseconds;
using std::chrono::milliseconds;
using Clock = ClientDeadline::Clock;

namespace {

ClientLimits limits() {
    ClientLimits l;
    l.header = milliseconds(10000);
    l.body = milliseconds(4000);
    l.body_min_rate = 1000; // 1 ms per byte
    l.read = microseconds(5000000);
    return l;
}

} // namespace

TEST(ClientDeadline, HeadWaitsAreCutToTheHeadDeadline) {
    ClientDeadline d(limits());
    const auto t0 = Clock::time_point() + std::chrono::hours(1);
    d.start_head(t0);
    EXPECT_EQ(d.phase(), ClientDeadline::Phase::Head);
    // Early on the per-read timeout is the shorter.
    auto w = d.next_wait(t0);
    EXPECT_EQ(w.limit, microseconds(5000000));
    EXPECT_FALSE(w.deadline);
    // Trickled bytes do not move the head deadline.
    d.record(microseconds(4000000), 1);
    w = d.next_wait(t0 + milliseconds(8000));
    EXPECT_EQ(w.limit, microseconds(2000000));
    EXPECT_TRUE(w.deadline);
    w = d.next_wait(t0 + milliseconds(10001));
    EXPECT_LE(w.limit.count(), 0);
    EXPECT_TRUE(w.deadline);
}

TEST(ClientDeadline, BodyCountsOnlyTimeSpentWaitingAndGrowsWithBytes) {
    ClientDeadline d(limits());
    const auto t0 = Clock::time_point() + std::chrono::hours(1);
    d.start_head(t0);
    d.start_body();
    EXPECT_EQ(d.phase(), ClientDeadline::Phase::Body);
    // Wall-clock time (a slow handler) does not count: only waits do.
    auto w = d.next_wait(t0 + std::chrono::hours(5));
    EXPECT_EQ(w.limit, microseconds(4000000));
    EXPECT_TRUE(w.deadline);
    d.record(microseconds(3000000), 0);
    EXPECT_EQ(d.next_wait(t0).limit, microseconds(1000000));
    // 2000 bytes at 1000 B/s buy 2 s more.
    d.record(microseconds(0), 2000);
    EXPECT_EQ(d.next_wait(t0).limit, microseconds(3000000));
    d.record(microseconds(3000000), 0);
    EXPECT_LE(d.next_wait(t0).limit.count(), 0);
}

TEST(ClientDeadline, BodyAtAReasonablePaceNeverRunsOut) {
    ClientDeadline d(limits());
    d.start_head(Clock::now());
    d.start_body();
    // 10 MB at 2000 B/s (twice the minimum rate), 1000 bytes per half second.
    for (int i = 0; i < 10000; ++i) {
        auto w = d.next_wait(Clock::now());
        ASSERT_GT(w.limit.count(), 500000) << "after " << i << " chunks";
        d.record(microseconds(500000), 1000);
    }
}

TEST(ClientDeadline, ZeroRateMeansAPlainBodyDeadline) {
    ClientLimits l = limits();
    l.body_min_rate = 0;
    ClientDeadline d(l);
    d.start_head(Clock::now());
    d.start_body();
    d.record(microseconds(3000000), 1000000);
    EXPECT_EQ(d.next_wait(Clock::now()).limit, microseconds(1000000));
}

TEST(ClientDeadline, ANewRequestStartsAFreshDeadline) {
    ClientDeadline d(limits());
    const auto t0 = Clock::time_point() + std::chrono::hours(1);
    d.start_head(t0);
    d.start_body();
    d.record(microseconds(4000000), 0);
    d.mark_expired();
    EXPECT_TRUE(d.expired());
    d.start_head(t0 + std::chrono::hours(1));
    EXPECT_FALSE(d.expired());
    EXPECT_EQ(d.phase(), ClientDeadline::Phase::Head);
    EXPECT_EQ(d.next_wait(t0 + std::chrono::hours(1)).limit, microseconds(5000000));
}
