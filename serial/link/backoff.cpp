#include "backoff.h"

#include <algorithm>

namespace cb::serial {

Backoff::Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds maximum)
    : m_initial(initial), m_maximum(std::max(initial, maximum)), m_current(initial)
{
}

std::chrono::milliseconds Backoff::next()
{
    const auto now = m_current;
    m_current = std::min(m_current * 2, m_maximum);
    return now;
}

void Backoff::setRange(std::chrono::milliseconds initial, std::chrono::milliseconds maximum)
{
    m_initial = initial;
    m_maximum = std::max(initial, maximum);
    m_current = initial;
}

} // namespace cb::serial
