#pragma once

#include <QStringList>

namespace cb::cli {

// `capture`: dispatches `capture export`, `capture lint` and `capture import` (JSON lines here;
// pcap/pcapng import comes from capturecommands when it exists).
int runCapture(const QStringList &args);
// `capture export`: writes a selection of the capture database as JSON lines.
int runCaptureExport(const QStringList &args);
// `capture lint`: checks a capture (JSON lines file or database) against OCPP rules; exits 1 when
// there are findings.
int runCaptureLint(const QStringList &args);
// `capture import FILE.jsonl`: loads a JSON lines export into a capture database.
int runCaptureImportJsonl(const QStringList &args);

} // namespace cb::cli
