#include "connectorstab.h"

#include "connectorhardwaremodel.h"
#include "devicemodel/hardwarepoller.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace cb {

ConnectorsTab::ConnectorsTab(HardwarePoller &poller, QWidget *parent) : QWidget(parent), m_poller(poller)
{
    setObjectName(QStringLiteral("connectorsTab"));
    m_model = new ConnectorHardwareModel(this);
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    m_pollNow = new QAction(tr("&Read now"), this);
    m_pollNow->setShortcut(QKeySequence(Qt::Key_F5));
    m_pollNow->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_pollNow->setToolTip(tr("Read the hardware variables from the station now (F5)"));
    addAction(m_pollNow);
    auto *button = new QToolButton(this);
    button->setDefaultAction(m_pollNow);
    top->addWidget(button);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    top->addWidget(m_status, 1);
    layout->addLayout(top);
    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    m_note->hide();
    layout->addWidget(m_note);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("connectorHardware"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->verticalHeader()->hide();
    m_view->setWordWrap(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 10);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnWidth(ConnectorHardwareModel::Connector, 150);
    m_view->setColumnWidth(ConnectorHardwareModel::Availability, 110);
    m_view->setColumnWidth(ConnectorHardwareModel::CpState, 170);
    m_view->setColumnWidth(ConnectorHardwareModel::CpVoltage, 80);
    m_view->setColumnWidth(ConnectorHardwareModel::Contactor, 80);
    m_view->setColumnWidth(ConnectorHardwareModel::Lock, 80);
    m_view->setColumnWidth(ConnectorHardwareModel::Rcd, 90);
    m_view->setColumnWidth(ConnectorHardwareModel::Temperature, 95);
    m_view->setColumnWidth(ConnectorHardwareModel::ConnectedEv, 330);
    m_view->setAccessibleName(tr("Connector hardware"));
    layout->addWidget(m_view, 1);

    connect(m_pollNow, &QAction::triggered, this, [this] {
        if (!m_poller.pollNow())
            m_status->setText(m_poller.isPolling() ? tr("A read is under way.") : tr("Nothing to read: the station is offline or has no hardware variables."));
    });
    connect(&m_poller, &HardwarePoller::changed, this, &ConnectorsTab::refresh);
    connect(&m_poller, &HardwarePoller::pollFinished, this, &ConnectorsTab::refresh);
    refresh();
}

void ConnectorsTab::setDeviceModelAvailable(bool available)
{
    m_available = available;
    m_note->setText(tr("OCPP 1.6 has no device model: the hardware state of its connectors is not readable. "
                       "Their status is on the Overview (StatusNotification)."));
    m_note->setVisible(!available);
    m_pollNow->setEnabled(available);
    refresh();
}

void ConnectorsTab::refresh()
{
    m_model->setConnectors(m_available ? m_poller.connectors() : QList<ConnectorHardware>{});
    QString text;
    const qint64 s = m_poller.interval().count() / 1000;
    text = s > 0 ? tr("Read every %n second(s) (Settings \u203a Behaviour) and on NotifyEvent.", nullptr, int(s))
                 : tr("Periodic reading is off (Settings \u203a Behaviour); NotifyEvent still updates.");
    if (m_poller.lastPoll().isValid())
        text += QLatin1Char(' ') + tr("Last read %1.").arg(m_poller.lastPoll().toLocalTime().toString(QStringLiteral("HH:mm:ss")));
    if (!m_poller.lastProblem().isEmpty())
        text += QLatin1Char(' ') + tr("Last read failed: %1").arg(m_poller.lastProblem());
    m_status->setText(text);
}

QString ConnectorsTab::statusText() const { return m_status->text(); }

} // namespace cb
