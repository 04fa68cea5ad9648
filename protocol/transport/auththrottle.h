#pragma once

#include <QDateTime>
#include <QHash>
#include <QString>

#include <chrono>

namespace cb {

// Slows down repeated authentication failures from one address: the first failure is answered at
// once, each further one within ten minutes waits twice as long as the last (capped), so that
// guessing passwords over the network is impractical while a mistyped password costs nothing.
class AuthThrottle
{
public:
    std::chrono::milliseconds delayFor(const QString &address) const;
    void recordFailure(const QString &address);
    void recordSuccess(const QString &address);

private:
    struct Entry
    {
        int failures = 0;
        QDateTime last;
    };
    QHash<QString, Entry> m_entries;
};

} // namespace cb
