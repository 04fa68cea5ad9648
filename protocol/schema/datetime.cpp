#include "datetime.h"

namespace cb {

namespace {

bool digits(QStringView s, qsizetype at, qsizetype n, int &out)
{
    if (at + n > s.size())
        return false;
    out = 0;
    for (qsizetype i = at; i < at + n; ++i) {
        const char16_t c = s.at(i).unicode();
        if (c < u'0' || c > u'9')
            return false;
        out = out * 10 + (c - u'0');
    }
    return true;
}

int daysInMonth(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

struct Rfc3339
{
    int year, month, day, hour, minute, second;
    int millisecond = 0;
    int offsetMinutes = 0; // east of UTC
};

bool parse(QStringView s, Rfc3339 &t)
{
    if (!digits(s, 0, 4, t.year) || s.size() < 20 || s.at(4) != u'-' || !digits(s, 5, 2, t.month) || s.at(7) != u'-'
        || !digits(s, 8, 2, t.day))
        return false;
    if (s.at(10) != u'T' && s.at(10) != u't')
        return false;
    if (!digits(s, 11, 2, t.hour) || s.at(13) != u':' || !digits(s, 14, 2, t.minute) || s.at(16) != u':'
        || !digits(s, 17, 2, t.second))
        return false;
    if (t.month < 1 || t.month > 12 || t.day < 1 || t.day > daysInMonth(t.year, t.month) || t.hour > 23 || t.minute > 59
        || t.second > 60)
        return false;
    qsizetype i = 19;
    if (i < s.size() && s.at(i) == u'.') {
        const qsizetype start = ++i;
        int scale = 100;
        while (i < s.size() && s.at(i) >= u'0' && s.at(i) <= u'9') {
            t.millisecond += (s.at(i).unicode() - u'0') * scale;
            scale /= 10;
            ++i;
        }
        if (i == start)
            return false;
    }
    if (i >= s.size())
        return false;
    const QChar zone = s.at(i);
    if (zone == u'Z' || zone == u'z')
        return i + 1 == s.size();
    if (zone != u'+' && zone != u'-')
        return false;
    int oh, om;
    if (!(i + 6 == s.size() && digits(s, i + 1, 2, oh) && s.at(i + 3) == u':' && digits(s, i + 4, 2, om) && oh <= 23 && om <= 59))
        return false;
    t.offsetMinutes = (zone == u'-' ? -1 : 1) * (oh * 60 + om);
    return true;
}

// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil).
qint64 daysFromCivil(int y, int m, int d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = int(y - era * 400);
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

} // namespace

bool isRfc3339DateTime(QStringView s)
{
    Rfc3339 t;
    return parse(s, t);
}

std::optional<qint64> rfc3339ToMSecsSinceEpoch(QStringView s)
{
    Rfc3339 t;
    if (!parse(s, t))
        return std::nullopt;
    const qint64 seconds = daysFromCivil(t.year, t.month, t.day) * 86400 + t.hour * 3600 + t.minute * 60 + t.second
        - qint64(t.offsetMinutes) * 60;
    return seconds * 1000 + t.millisecond;
}

} // namespace cb
