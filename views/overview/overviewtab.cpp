#include "overviewtab.h"

#include "connectortile.h"
#include "meterchart.h"

#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

namespace cb {

namespace {

QString age(const QDateTime &since)
{
    if (!since.isValid())
        return OverviewTab::tr("never");
    const qint64 s = since.secsTo(QDateTime::currentDateTimeUtc());
    if (s < 60)
        return OverviewTab::tr("%n second(s) ago", nullptr, int(std::max<qint64>(s, 0)));
    if (s < 3600)
        return OverviewTab::tr("%n minute(s) ago", nullptr, int(s / 60));
    return OverviewTab::tr("%n hour(s) ago", nullptr, int(s / 3600));
}

QString orDash(const QString &s) { return s.isEmpty() ? QStringLiteral("\u2014") : s; }

} // namespace

OverviewTab::OverviewTab(QWidget *parent) : QWidget(parent)
{
    auto *outer = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;

    auto *stationBox = new QGroupBox(tr("Charging station"), this);
    auto *sf = new QFormLayout(stationBox);
    addField(sf, QStringLiteral("vendor"), tr("Vendor:"));
    addField(sf, QStringLiteral("model"), tr("Model:"));
    addField(sf, QStringLiteral("serial"), tr("Serial number:"));
    addField(sf, QStringLiteral("firmware"), tr("Firmware:"));
    addField(sf, QStringLiteral("iccid"), tr("Modem ICCID:"));
    addField(sf, QStringLiteral("imsi"), tr("Modem IMSI:"));
    addField(sf, QStringLiteral("registration"), tr("Registration:"));
    addField(sf, QStringLiteral("bootReason"), tr("Boot reason:"));

    auto *connBox = new QGroupBox(tr("Connection"), this);
    auto *cf = new QFormLayout(connBox);
    addField(cf, QStringLiteral("state"), tr("State:"));
    addField(cf, QStringLiteral("remote"), tr("Remote address:"));
    addField(cf, QStringLiteral("subprotocol"), tr("Subprotocol:"));
    addField(cf, QStringLiteral("security"), tr("Security profile:"));
    addField(cf, QStringLiteral("tls"), tr("TLS:"));
    addField(cf, QStringLiteral("clientCert"), tr("Client certificate:"));
    addField(cf, QStringLiteral("connectedFor"), tr("Connected:"));
    addField(cf, QStringLiteral("heartbeat"), tr("Last heartbeat:"));

    top->addWidget(stationBox, 1);
    top->addWidget(connBox, 1);
    outer->addLayout(top);

    auto *tilesBox = new QGroupBox(tr("Connectors"), this);
    auto *tilesOuter = new QVBoxLayout(tilesBox);
    m_noConnectors = new QLabel(tr("No StatusNotification received yet."), tilesBox);
    tilesOuter->addWidget(m_noConnectors);
    m_tiles = new QGridLayout;
    m_tiles->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    tilesOuter->addLayout(m_tiles);
    outer->addWidget(tilesBox);

    m_chart = new MeterChart(this);
    outer->addWidget(m_chart, 1);

    m_ageTimer.setInterval(1000);
    connect(&m_ageTimer, &QTimer::timeout, this, &OverviewTab::refreshAges);
    m_ageTimer.start();
}

QLabel *OverviewTab::addField(QFormLayout *form, const QString &name, const QString &label)
{
    auto *value = new QLabel(QStringLiteral("\u2014"));
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setObjectName(name);
    form->addRow(label, value);
    m_fields.insert(name, value);
    return value;
}

QString OverviewTab::fieldText(const QString &name) const
{
    const QLabel *l = m_fields.value(name);
    return l ? l->text() : QString();
}

void OverviewTab::clear()
{
    setSnapshot(StationSnapshot{});
    m_chart->clearSamples();
}

void OverviewTab::setSnapshot(const StationSnapshot &s)
{
    const bool otherStation = s.identity != m_snapshot.identity;
    m_snapshot = s;
    const BootInfo &b = s.boot;
    m_fields[QStringLiteral("vendor")]->setText(orDash(b.vendor));
    m_fields[QStringLiteral("model")]->setText(orDash(b.model));
    m_fields[QStringLiteral("serial")]->setText(orDash(b.serialNumber));
    m_fields[QStringLiteral("firmware")]->setText(orDash(b.firmwareVersion));
    m_fields[QStringLiteral("iccid")]->setText(orDash(b.iccid));
    m_fields[QStringLiteral("imsi")]->setText(orDash(b.imsi));
    m_fields[QStringLiteral("registration")]->setText(orDash(s.registrationStatus));
    m_fields[QStringLiteral("bootReason")]->setText(orDash(b.reason));
    const ConnectionInfo &c = s.connection;
    m_fields[QStringLiteral("state")]->setText(s.identity.isEmpty() ? QStringLiteral("\u2014")
                                                                     : (s.connected ? tr("connected") : tr("offline")));
    m_fields[QStringLiteral("remote")]->setText(c.remoteAddress.isNull() ? QStringLiteral("\u2014")
                                                                          : QStringLiteral("%1:%2").arg(c.remoteAddress.toString()).arg(c.remotePort));
    m_fields[QStringLiteral("subprotocol")]->setText(s.version ? subprotocolName(*s.version) : QStringLiteral("\u2014"));
    m_fields[QStringLiteral("security")]->setText(s.identity.isEmpty() ? QStringLiteral("\u2014") : QString::number(int(c.profile)));
    m_fields[QStringLiteral("tls")]->setText(c.tlsProtocol.isEmpty() ? tr("none") : c.tlsProtocol + QStringLiteral(", ") + c.tlsCipher);
    m_fields[QStringLiteral("clientCert")]->setText(orDash(c.clientCertificateSubject));

    if (otherStation) {
        qDeleteAll(m_tileByConnector);
        m_tileByConnector.clear();
        m_hardware.clear();
        m_chart->clearSamples();
    }
    for (const ConnectorStatus &cs : s.connectors) {
        const auto key = qMakePair(cs.evseId, cs.connectorId);
        ConnectorTile *tile = m_tileByConnector.value(key);
        if (!tile) {
            tile = new ConnectorTile(this);
            const int n = int(m_tileByConnector.size());
            m_tiles->addWidget(tile, n / 4, n % 4);
            m_tileByConnector.insert(key, tile);
            tile->setHardware(m_hardware.value(key));
        }
        tile->setStatus(cs);
    }
    m_noConnectors->setVisible(m_tileByConnector.isEmpty());
    refreshAges();
}

void OverviewTab::addMeterSamples(const QList<MeterSample> &samples) { m_chart->addSamples(samples); }

void OverviewTab::setHardware(const QList<ConnectorHardware> &hardware)
{
    m_hardware.clear();
    for (const ConnectorHardware &h : hardware)
        m_hardware.insert(qMakePair(h.evseId, h.connectorId), h);
    for (auto it = m_tileByConnector.cbegin(); it != m_tileByConnector.cend(); ++it)
        (*it)->setHardware(m_hardware.value(it.key()));
}

QList<ConnectorTile *> OverviewTab::tiles() const { return m_tileByConnector.values(); }

void OverviewTab::refreshAges()
{
    const bool live = m_snapshot.connected;
    m_fields[QStringLiteral("connectedFor")]->setText(live ? age(m_snapshot.connection.connectedAt) : QStringLiteral("\u2014"));
    m_fields[QStringLiteral("heartbeat")]->setText(m_snapshot.identity.isEmpty() ? QStringLiteral("\u2014") : age(m_snapshot.lastHeartbeat));
}

} // namespace cb
