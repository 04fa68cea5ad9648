#include "cpstatebadge.h"

#include "cpstatestyle.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

namespace cb {

CpStateBadge::CpStateBadge(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    updateAccessibleText();
}

QSize CpStateBadge::sizeHint() const { return {120, 132}; }
QSize CpStateBadge::minimumSizeHint() const { return sizeHint(); }

QString CpStateBadge::letter() const { return cpStateLetter(m_state); }

QColor CpStateBadge::color() const { return cpStateColor(m_state); }

void CpStateBadge::setState(serial::CpState state, const QString &detail)
{
    if (state == m_state && detail == m_detail)
        return;
    m_state = state;
    m_detail = detail;
    updateAccessibleText();
    update();
}

void CpStateBadge::setStale(bool stale)
{
    if (stale == m_stale)
        return;
    m_stale = stale;
    updateAccessibleText();
    update();
}

void CpStateBadge::updateAccessibleText()
{
    QString text = tr("Control pilot state %1: %2").arg(letter(), cpStateMeaning(m_state));
    if (!m_detail.isEmpty() && m_detail != letter())
        text += QStringLiteral(" (") + m_detail + QLatin1Char(')');
    if (m_stale)
        text += tr(", last known value, link down");
    setAccessibleName(text);
    setToolTip(text);
}

void CpStateBadge::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF box = QRectF(rect()).adjusted(2, 2, -2, -2);
    QColor fill = color();
    QColor ink = cpStateTextColor(m_state);
    if (m_stale) {
        fill.setAlphaF(0.35);
        ink = palette().color(QPalette::WindowText);
    }
    QPainterPath path;
    path.addRoundedRect(box, 12, 12);
    p.fillPath(path, fill);

    // The letter fills the top three quarters; the meaning sits in the bottom quarter.
    const QRectF letterBox(box.left(), box.top(), box.width(), box.height() * 0.74);
    const QRectF meaningBox(box.left() + 4, letterBox.bottom() - 4, box.width() - 8, box.bottom() - letterBox.bottom());
    QFont big = font();
    big.setBold(true);
    big.setPixelSize(int(letterBox.height() * 0.78));
    p.setFont(big);
    p.setPen(ink);
    const QString shown = m_detail.size() == 2 && m_detail.at(0) == letter().at(0) ? m_detail : letter();
    p.drawText(letterBox, Qt::AlignCenter, shown);

    // Shrink the meaning until it fits ("vehicle connected"), down to a readable minimum; elide
    // only past that.
    QFont small = font();
    int pixels = std::max(9, int(meaningBox.height() * 0.5));
    small.setPixelSize(pixels);
    while (pixels > 9 && QFontMetricsF(small).horizontalAdvance(cpStateMeaning(m_state)) > meaningBox.width()) {
        small.setPixelSize(--pixels);
    }
    p.setFont(small);
    const QString meaning = p.fontMetrics().elidedText(cpStateMeaning(m_state), Qt::ElideRight, int(meaningBox.width()));
    p.drawText(meaningBox, Qt::AlignHCenter | Qt::AlignTop, meaning);
}

} // namespace cb
