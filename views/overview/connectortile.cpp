#include "connectortile.h"

#include "connectors/hardwaretext.h"
#include "statuscolors.h"

#include <QLabel>
#include <QVBoxLayout>

namespace cb {

ConnectorTile::ConnectorTile(QWidget *parent) : QFrame(parent)
{
    setFrameShape(QFrame::StyledPanel);
    setMinimumSize(150, 86);
    setMaximumWidth(240);
    setAutoFillBackground(true);
    auto *l = new QVBoxLayout(this);
    m_title = new QLabel(this);
    m_state = new QLabel(this);
    m_detail = new QLabel(this);
    QFont big = m_state->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_state->setFont(big);
    m_detail->setWordWrap(true);
    m_hardwareLine = new QLabel(this);
    m_hardwareLine->setObjectName(QStringLiteral("hardware"));
    m_hardwareLine->setWordWrap(true);
    m_hardwareLine->hide();
    l->addWidget(m_title);
    l->addWidget(m_state);
    l->addWidget(m_detail);
    l->addWidget(m_hardwareLine);
    l->addStretch();
}

QColor ConnectorTile::color() const { return connectorStatusColor(m_status.status); }

void ConnectorTile::setStatus(const ConnectorStatus &s)
{
    m_status = s;
    const bool sameNumbers = s.evseId == s.connectorId;
    // 1.6 reports the charge point as a whole as connector 0; 2.x has no connector 0.
    if (s.connectorId == 0 && s.evseId == 0)
        m_title->setText(tr("Charge point (connector 0)"));
    else
        m_title->setText(sameNumbers ? tr("Connector %1").arg(s.connectorId) : tr("EVSE %1 / connector %2").arg(s.evseId).arg(s.connectorId));
    m_state->setText(s.status.isEmpty() ? tr("unknown") : s.status);
    QStringList detail;
    if (!s.errorCode.isEmpty() && s.errorCode != QLatin1String("NoError"))
        detail << s.errorCode;
    if (!s.vendorErrorCode.isEmpty())
        detail << s.vendorErrorCode;
    if (!s.info.isEmpty())
        detail << s.info;
    m_detail->setText(detail.join(QStringLiteral(" \u2022 ")));
    QPalette p = palette();
    const QColor c = color();
    p.setColor(QPalette::Window, c.lighter(175));
    p.setColor(QPalette::WindowText, c.darker(160));
    setPalette(p);
    setAccessibleName(m_title->text() + QStringLiteral(": ") + m_state->text());
    setToolTip(s.timestamp.isValid() ? tr("Status since %1").arg(s.timestamp.toLocalTime().toString()) : QString());
    setHardware(m_hardware); // the tooltip carries both
}

void ConnectorTile::setHardware(const ConnectorHardware &hardware)
{
    m_hardware = hardware;
    const QString line = hw::summary(hardware);
    m_hardwareLine->setText(line);
    m_hardwareLine->setVisible(!line.isEmpty());
    QString tip = m_status.timestamp.isValid() ? tr("Status since %1").arg(m_status.timestamp.toLocalTime().toString()) : QString();
    if (!hardware.isEmpty())
        tip += (tip.isEmpty() ? QString() : QStringLiteral("\n\n")) + tr("Hardware (device model):") + QLatin1Char('\n') + hw::details(hardware);
    setToolTip(tip);
}

QString ConnectorTile::hardwareText() const { return m_hardwareLine->isHidden() ? QString() : m_hardwareLine->text(); }

} // namespace cb
