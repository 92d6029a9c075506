#include "client_deadline.hpp"

#include <algorithm>

namespace profiles {

using std::chrono::microseconds;

void ClientDeadline::start_head(Clock::time_point now) {
    phase_ = Phase::Head;
    head_deadline_ = now + limits_.header;
    body_waited_ = microseconds(0);
    body_bytes_ = 0;
    expired_ = false;
}

void ClientDeadline::start_body() {
    phase_ = Phase::Body;
    body_waited_ = microseconds(0);
    body_bytes_ = 0;
}

ClientDeadline::Wait ClientDeadline::next_wait(Clock::time_point now) const {
    microseconds left;
    if (phase_ == Phase::Head) {
        left = std::chrono::duration_cast<microseconds>(head_deadline_ - now);
    } else {
        microseconds allowed = limits_.body;
        if (limits_.body_min_rate > 0) {
            // Whole microseconds per byte would round a fast rate to nothing: scale first.
            allowed += microseconds(
                static_cast<int64_t>(std::min<uint64_t>(body_bytes_, UINT64_C(1) << 40) * 1000000 /
                                     limits_.body_min_rate));
        }
        left = allowed - body_waited_;
    }
    if (left < limits_.read) {
        return {left, true};
    }
    return {limits_.read, false};
}

void ClientDeadline::record(microseconds waited, size_t bytes) {
    if (phase_ == Phase::Body) {
        body_waited_ += std::max(waited, microseconds(0));
        body_bytes_ += bytes;
    }
}

} // namespace profiles
