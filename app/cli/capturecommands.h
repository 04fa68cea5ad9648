#pragma once

#include <QString>
#include <QStringList>

namespace cb::cli {

// `capture ...`: `capture import FILE` with a pcap/pcapng file goes to runCapturePcapImport(),
// everything else to the JSON lines commands (inspectcommands.h).
int runCaptureCommand(const QStringList &args);
// `capture import FILE --db DB [--no-validation]`: reads OCPP traffic from a pcap/pcapng file into
// the capture database and prints a summary.
int runCapturePcapImport(const QStringList &args);
// True when the file starts with a pcap or pcapng magic number.
bool isPcapFile(const QString &path);

} // namespace cb::cli
