#include "bytelogentry.h"

#include <chrono>

namespace cb::serial {

QString ByteLogEntry::hex() const
{
    return QString::fromLatin1(bytes.toHex(' '));
}

QString ByteLogEntry::text() const
{
    QString s;
    s.reserve(bytes.size());
    for (char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '\r')
            s += QStringLiteral("\\r");
        else if (c == '\n')
            s += QStringLiteral("\\n");
        else if (c == '\\')
            s += QStringLiteral("\\\\");
        else if (c >= 0x20 && c < 0x7f)
            s += QLatin1Char(static_cast<char>(c));
        else
            s += QStringLiteral("\\x") + QString::number(c, 16).rightJustified(2, QLatin1Char('0'));
    }
    return s;
}

QJsonObject ByteLogEntry::toJson() const
{
    QJsonObject o{
        {QStringLiteral("direction"), directionName()},
        {QStringLiteral("timestampUs"), timestampUs},
        {QStringLiteral("port"), port},
        {QStringLiteral("hex"), hex()},
        {QStringLiteral("text"), text()},
    };
    if (!note.isEmpty())
        o.insert(QStringLiteral("note"), note);
    if (problem)
        o.insert(QStringLiteral("problem"), true);
    return o;
}

qint64 ByteLogEntry::nowUs()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace cb::serial
