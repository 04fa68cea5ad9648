#pragma once

#include "linkcounters.h"

#include <QLabel>

namespace cb {

// The link counters in one line: errors first (non-zero ones in red), then traffic and unplugs,
// so a flaky cable and a confused controller look different at a glance.
class LinkCountersView : public QLabel
{
    Q_OBJECT
public:
    explicit LinkCountersView(QWidget *parent = nullptr);

    void setCounters(const serial::LinkCounters &counters);
    const serial::LinkCounters &counters() const { return m_counters; }
    qint64 errorCount() const; // checksum + CRC + timeouts + garbage lines + mismatches

private:
    serial::LinkCounters m_counters;
};

} // namespace cb
