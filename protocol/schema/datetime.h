#pragma once

#include <QStringView>

#include <optional>

namespace cb {

// RFC 3339 date-time (JSON Schema "format": "date-time"): YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM),
// 'T' and 'Z' in either case, with real calendar days (leap years) and seconds up to 60.
bool isRfc3339DateTime(QStringView text);

// The instant an RFC 3339 date-time names, in milliseconds since the Unix epoch (fractions below a
// millisecond dropped, a leap second read as the next minute's first); nothing when the text is
// not RFC 3339. Much cheaper than QDateTime::fromString, which the meter values path paid per value.
std::optional<qint64> rfc3339ToMSecsSinceEpoch(QStringView text);

} // namespace cb
