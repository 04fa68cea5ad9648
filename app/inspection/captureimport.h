#pragma once

#include "capture/importsummary.h"
#include "common/result.h"

#include <QCoreApplication>
#include <QString>

#include <atomic>
#include <functional>

namespace cb {

// Brings a capture file into a ChargeBench database, whatever its format: pcap/pcapng (through
// PcapImporter, stations recorded as the CLI does) or a JSON lines export (JSONL.md). Blocking and
// free of event loops: the capture window runs it on a worker with progress and a cancel flag.
class CaptureImport
{
    Q_DECLARE_TR_FUNCTIONS(cb::CaptureImport)
public:
    enum class Format { Unknown, Database, Pcap, JsonLines };

    struct Outcome
    {
        Format format = Format::Unknown;
        qint64 records = 0; // records written to the database
        ImportSummary pcap; // for pcap files: connections, problems, encrypted ones, early end
        bool cancelled = false;
        QString warning; // the file was read only in part: why
    };

    // bytes of the file read so far, and its size
    using Progress = std::function<void(qint64 done, qint64 total)>;

    // By content: the SQLite header, a pcap/pcapng magic number, or a JSON object on the first line.
    static Format detect(const QString &path);

    // Imports `file` (pcap, pcapng or JSON lines) into the database at dbPath, created when
    // missing. A cancelled import keeps what was written before the flag was seen.
    // validatePayloads false skips the schema check of pcap payloads (faster; JSON lines keep
    // the verdicts they were exported with).
    static Result<Outcome> run(const QString &file, const QString &dbPath, const Progress &progress = {},
                               const std::atomic_bool *cancel = nullptr, bool validatePayloads = true);
};

} // namespace cb
