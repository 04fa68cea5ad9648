#include "linkcountersview.h"

namespace cb {

namespace {
QString item(const QString &name, qint64 value, bool isError)
{
    const QString v = QString::number(value);
    if (isError && value > 0)
        return name + QStringLiteral(" <b style=\"color:#c62828\">") + v + QStringLiteral("</b>");
    return name + QLatin1Char(' ') + v;
}
} // namespace

LinkCountersView::LinkCountersView(QWidget *parent) : QLabel(parent)
{
    setTextFormat(Qt::RichText);
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    setCounters({});
}

qint64 LinkCountersView::errorCount() const
{
    const auto &c = m_counters;
    return c.checksumErrors + c.crcErrors + c.timeouts + c.sequenceMismatches + c.negativeReplies + c.exceptions;
}

void LinkCountersView::setCounters(const serial::LinkCounters &c)
{
    m_counters = c;
    const QString sep = QStringLiteral(" \u00b7 ");
    QString text = QStringLiteral("<b>") + tr("Errors") + QStringLiteral("</b> ") + item(tr("checksum"), c.checksumErrors, true) + sep +
                   item(tr("CRC"), c.crcErrors, true) + sep + item(tr("timeouts"), c.timeouts, true) + sep +
                   item(tr("wrong sequence"), c.sequenceMismatches, true) + sep + item(tr("refused"), c.negativeReplies, true) +
                   sep + item(tr("exceptions"), c.exceptions, true) + sep + item(tr("noise bytes"), c.garbageBytes, true);
    text += QStringLiteral("<br><b>") + tr("Traffic") + QStringLiteral("</b> ") +
            tr("%1 B in, %2 B out, %3 frames in, %4 out").arg(c.bytesIn).arg(c.bytesOut).arg(c.framesIn).arg(c.framesOut) +
            sep + tr("%1 async").arg(c.asyncMessages);
    text += QStringLiteral("&nbsp;&nbsp; <b>") + tr("Link") + QStringLiteral("</b> ") + item(tr("lost"), c.disconnects, true) +
            sep + item(tr("reconnected"), c.reconnects, false);
    setText(text);
    setAccessibleName(tr("Link counters: %1 errors, %2 timeouts, %3 CRC errors, %4 checksum errors")
                          .arg(errorCount())
                          .arg(c.timeouts)
                          .arg(c.crcErrors)
                          .arg(c.checksumErrors));
}

} // namespace cb
