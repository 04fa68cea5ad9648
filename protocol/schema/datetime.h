#pragma once

#include <QStringView>

namespace cb {

// RFC 3339 date-time (JSON Schema "format": "date-time"): YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM),
// 'T' and 'Z' in either case, with real calendar days (leap years) and seconds up to 60.
bool isRfc3339DateTime(QStringView text);

} // namespace cb
