#pragma once

#include "capturerecord.h"
#include "common/result.h"
#include "importsummary.h"

#include <QCoreApplication>
#include <QString>

#include <atomic>
#include <functional>

namespace cb {

// Reads OCPP traffic from a pcap or pcapng file (libpcap): TCP reassembly per connection and
// direction, the HTTP upgrade (station identity, subprotocol, permessage-deflate), WebSocket
// messages, and OCPP-J decoding and schema validation as the live capture does it. TLS
// connections are listed as encrypted. Plain C++ with no event loop, so it runs on any thread;
// progress and cancellation are for a worker thread driven by the GUI.
class PcapImporter
{
    Q_DECLARE_TR_FUNCTIONS(cb::PcapImporter)
public:
    // Called for every record in capture order (connection events and frames interleaved).
    using Sink = std::function<void(CaptureRecord &&frame)>;
    // File bytes processed and the file size; called about every 256 KiB and at the end.
    using Progress = std::function<void(qint64 bytesRead, qint64 totalBytes)>;

    void setProgress(Progress progress) { m_progress = std::move(progress); }
    // Checked between packets; when set, the import stops and the summary says cancelled.
    void setCancelFlag(const std::atomic_bool *cancel) { m_cancel = cancel; }
    // Schema validation of every payload (on by default, as in the live capture) costs most of
    // the import time; without it frames are still decoded and replies matched to their CALLs.
    void setValidatePayloads(bool validate) { m_validate = validate; }

    // Fails only when the file cannot be opened as a capture at all. A file that ends early or
    // turns corrupt still yields everything before that point, with summary.error saying where.
    Result<ImportSummary> import(const QString &path, const Sink &sink) const;

private:
    Progress m_progress;
    const std::atomic_bool *m_cancel = nullptr;
    bool m_validate = true;
};

} // namespace cb
