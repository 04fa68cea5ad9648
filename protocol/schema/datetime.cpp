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

} // namespace

bool isRfc3339DateTime(QStringView s)
{
    int year, month, day, hour, minute, second;
    if (!digits(s, 0, 4, year) || s.size() < 20 || s.at(4) != u'-' || !digits(s, 5, 2, month) || s.at(7) != u'-'
        || !digits(s, 8, 2, day))
        return false;
    if (s.at(10) != u'T' && s.at(10) != u't')
        return false;
    if (!digits(s, 11, 2, hour) || s.at(13) != u':' || !digits(s, 14, 2, minute) || s.at(16) != u':' || !digits(s, 17, 2, second))
        return false;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 60)
        return false;
    qsizetype i = 19;
    if (i < s.size() && s.at(i) == u'.') {
        const qsizetype start = ++i;
        while (i < s.size() && s.at(i) >= u'0' && s.at(i) <= u'9')
            ++i;
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
    return i + 6 == s.size() && digits(s, i + 1, 2, oh) && s.at(i + 3) == u':' && digits(s, i + 4, 2, om) && oh <= 23 && om <= 59;
}

} // namespace cb
