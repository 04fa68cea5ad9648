#pragma once

#include <chrono>

namespace cb::serial {

// Reconnect delays that double from `initial` up to `maximum`, so an unplugged cable does not spin
// the event loop, yet a replugged one is picked up quickly.
class Backoff
{
public:
    Backoff(std::chrono::milliseconds initial = std::chrono::milliseconds(250),
            std::chrono::milliseconds maximum = std::chrono::milliseconds(5000));

    std::chrono::milliseconds next();   // the delay to wait now; doubles the following one
    void reset() { m_current = m_initial; }
    void setRange(std::chrono::milliseconds initial, std::chrono::milliseconds maximum);

private:
    std::chrono::milliseconds m_initial;
    std::chrono::milliseconds m_maximum;
    std::chrono::milliseconds m_current;
};

} // namespace cb::serial
