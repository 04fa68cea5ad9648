#pragma once

#include <QString>

namespace cb::capturejsonl {

// The JSON lines capture format (see JSONL.md): its name and the version this build writes and
// reads. A reader refuses files of a newer version.
inline const QString kFormatName = QStringLiteral("chargebench-capture");
inline constexpr int kFormatVersion = 1;

} // namespace cb::capturejsonl
