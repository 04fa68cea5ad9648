#include "rapicommandline.h"

#include "rapi/rapiframe.h"

#include <QRegularExpression>

namespace cb {

Result<RapiCommandLine> RapiCommandLine::parse(const QString &text)
{
    QString t = text.trimmed();
    if (t.startsWith(QLatin1Char('$')))
        t.remove(0, 1);
    // A typed checksum ("^30") is recomputed rather than trusted.
    static const QRegularExpression typedChecksum(QStringLiteral("\\^[0-9A-Fa-f]{0,2}$"));
    t.remove(typedChecksum);
    const QStringList parts = t.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (parts.isEmpty())
        return Error{tr("Type a RAPI command, e.g. GS."), tr("GS reads the state, GV the firmware version, SC 16 sets 16 A.")};
    static const QRegularExpression commandShape(QStringLiteral("^[A-Za-z][A-Za-z0-9]$"));
    if (!commandShape.match(parts.first()).hasMatch())
        return Error{tr("\"%1\" is not a RAPI command.").arg(parts.first()),
                     tr("RAPI commands are two characters, a letter and a letter or digit, e.g. GS or G0.")};
    RapiCommandLine line;
    line.command = parts.first().toUpper().toLatin1();
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QString &p = parts.at(i);
        for (QChar c : p) {
            // '$', '^' and control characters would break the frame; ':' starts a sequence id.
            if (c.unicode() < 0x21 || c.unicode() > 0x7e || c == QLatin1Char('$') || c == QLatin1Char('^') ||
                (c == QLatin1Char(':') && p.startsWith(QLatin1Char(':'))))
                return Error{tr("The parameter \"%1\" cannot be sent.").arg(p),
                             tr("Parameters are plain ASCII words without $, ^ or a leading colon.")};
        }
        line.params.append(p.toLatin1());
    }
    return line;
}

QByteArray RapiCommandLine::frame() const
{
    return serial::rapi::encodeCommand(command, params, 0);
}

} // namespace cb
