#include "serialpanel.h"

#include "bytelogmodel.h"
#include "hardwarestateview.h"
#include "linkcountersview.h"
#include "rapiconsole.h"
#include "serialconnectionform.h"
#include "serialtimelinechart.h"
#include "workspace/workspace.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace cb {

SerialPanel::SerialPanel(Workspace &workspace, QWidget *parent)
    : QWidget(parent), m_session(workspace.serialSession())
{
    setObjectName(QStringLiteral("serialPanel"));
    setWindowTitle(tr("Serial hardware"));
    auto *layout = new QVBoxLayout(this);

    m_form = new SerialConnectionForm(this);
    layout->addWidget(m_form);

    m_noticeLabel = new QLabel(this);
    m_noticeLabel->setObjectName(QStringLiteral("serialNotice"));
    m_noticeLabel->setWordWrap(true);
    m_noticeLabel->setTextFormat(Qt::RichText);
    m_noticeLabel->setMargin(6);
    m_noticeLabel->setAccessibleName(tr("Serial link status"));
    m_noticeLabel->hide();
    layout->addWidget(m_noticeLabel);
    m_noticeTimer.setSingleShot(true);
    m_noticeTimer.setInterval(std::chrono::seconds(6));
    connect(&m_noticeTimer, &QTimer::timeout, this, [this] { showNotice(Notice::None, {}); });

    auto *live = new QGroupBox(tr("Connector hardware"), this);
    auto *liveLayout = new QVBoxLayout(live);
    m_state = new HardwareStateView(live);
    m_counters = new LinkCountersView(live);
    liveLayout->addWidget(m_state);
    liveLayout->addWidget(m_counters);
    layout->addWidget(live);

    m_timeline = new SerialTimelineChart(this);

    // Byte log: the newest chunks, batched and capped.
    auto *logBox = new QGroupBox(tr("Byte log"), this);
    auto *logLayout = new QVBoxLayout(logBox);
    auto *logBar = new QHBoxLayout;
    m_pause = new QCheckBox(tr("Pa&use"), logBox);
    m_pause->setObjectName(QStringLiteral("byteLogPause"));
    m_pause->setToolTip(tr("Stop adding bytes here; the capture database keeps recording."));
    auto *clear = new QPushButton(tr("C&lear"), logBox);
    m_byteInfo = new QLabel(logBox);
    logBar->addWidget(m_pause);
    logBar->addWidget(clear);
    logBar->addStretch();
    logBar->addWidget(m_byteInfo);
    logLayout->addLayout(logBar);
    m_byteModel = new ByteLogModel(this);
    m_byteView = new QTableView(logBox);
    m_byteView->setObjectName(QStringLiteral("byteLogView"));
    m_byteView->setModel(m_byteModel);
    m_byteView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_byteView->verticalHeader()->hide();
    m_byteView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_byteView->verticalHeader()->setDefaultSectionSize(m_byteView->fontMetrics().height() + 6);
    m_byteView->horizontalHeader()->setStretchLastSection(true);
    m_byteView->setWordWrap(false);
    m_byteView->setAccessibleName(tr("Serial byte log"));
    const QList<int> widths{95, 34, 50, 220, 320};
    for (int i = 0; i < widths.size(); ++i)
        m_byteView->setColumnWidth(i, widths.at(i));
    logLayout->addWidget(m_byteView);

    m_consoleBox = new QGroupBox(tr("RAPI command line"), this);
    auto *consoleLayout = new QVBoxLayout(m_consoleBox);
    m_console = new RapiConsole(m_session, m_consoleBox);
    consoleLayout->addWidget(m_console);

    auto *bottom = new QSplitter(Qt::Horizontal, this);
    bottom->addWidget(logBox);
    bottom->addWidget(m_consoleBox);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_timeline);
    split->addWidget(bottom);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);
    applyProtocolLayout();

    connect(m_form, &SerialConnectionForm::connectClicked, this, [this] {
        if (m_session.isActive())
            disconnectLink();
        else
            connectLink();
    });
    connect(m_form->protocolCombo(), &QComboBox::currentIndexChanged, this, [this] {
        if (!m_session.isActive())
            applyProtocolLayout();
    });
    connect(clear, &QPushButton::clicked, this, [this] {
        m_byteModel->clear();
        m_skipped = 0;
        updateByteInfo();
    });
    // Follow the newest bytes only while the user is at the bottom.
    connect(m_byteModel, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] {
        QScrollBar *sb = m_byteView->verticalScrollBar();
        m_byteView->setProperty("followTail", sb->value() >= sb->maximum() - 2);
    });
    connect(m_byteModel, &ByteLogModel::batchInserted, this, [this] {
        updateByteInfo();
        if (m_byteView->property("followTail").toBool())
            m_byteView->scrollToBottom();
    });

    connect(&m_session, &SerialSession::linkStateChanged, this, &SerialPanel::onLinkStateChanged);
    connect(&m_session, &SerialSession::refreshFinished, this, &SerialPanel::onRefreshFinished);
    connect(&m_session, &SerialSession::bytesLogged, this, &SerialPanel::onBytes);
    connect(&m_session, &SerialSession::stateUpdated, this, [this](const serial::HardwareState &s) {
        m_state->setState(s);
        m_state->setStale(false);
        m_timeline->addState(s);
        m_counters->setCounters(s.counters);
    });
    updateByteInfo();
}

SerialPanel::~SerialPanel()
{
    // Closed here, while the widgets the session's signals reach still exist.
    m_session.disconnect(this);
    m_session.close();
}

bool SerialPanel::connectLink()
{
    const auto request = m_form->request();
    if (!request) {
        showNotice(Notice::Error, request.error().message, request.error().hint);
        return false;
    }
    const SerialConnectionRequest &r = request.value();
    m_state->clear();
    m_timeline->clearHistory();
    if (auto st = m_session.open(r.protocol, r.settings, r.serverId); !st) {
        showNotice(Notice::Error, st.error().message, st.error().hint);
        return false;
    }
    return true;
}

void SerialPanel::disconnectLink()
{
    m_session.close();
}

void SerialPanel::onLinkStateChanged(SerialSession::LinkState state, const QString &reason)
{
    m_form->setActive(state != SerialSession::LinkState::Closed);
    if (state != SerialSession::LinkState::Closed)
        m_consoleBox->setVisible(m_session.isRapi());
    m_state->setStale(state != SerialSession::LinkState::Open);
    switch (state) {
    case SerialSession::LinkState::Reconnecting:
        showNotice(Notice::Warning, tr("Cable unplugged or port gone \u2014 reconnecting..."),
                   reason.isEmpty() ? tr("The link reopens by itself when %1 is back.").arg(m_session.settings().portName)
                                    : reason + QLatin1Char(' ') +
                                          tr("The link reopens by itself when %1 is back.").arg(m_session.settings().portName));
        break;
    case SerialSession::LinkState::Open:
        if (m_notice == Notice::Warning || m_notice == Notice::Error) {
            showNotice(Notice::Info, tr("Link restored at %1.").arg(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss"))));
            m_noticeTimer.start();
        } else {
            showNotice(Notice::None, {});
        }
        break;
    case SerialSession::LinkState::Closed:
        showNotice(Notice::None, {});
        break;
    }
    m_counters->setCounters(m_session.counters());
}

void SerialPanel::onRefreshFinished(bool ok, const QString &problem)
{
    m_counters->setCounters(m_session.counters());
    if (m_session.linkState() != SerialSession::LinkState::Open)
        return; // the unplug notice says more than "not open"
    if (!ok) {
        showNotice(Notice::Warning, tr("The controller does not answer as expected."), problem);
    } else if (m_notice == Notice::Warning && !m_noticeTimer.isActive()) {
        showNotice(Notice::None, {});
    }
}

void SerialPanel::onBytes(const serial::ByteLogEntry &entry)
{
    if (m_pause->isChecked()) {
        ++m_skipped;
        updateByteInfo();
        return;
    }
    m_byteModel->append(entry);
}

void SerialPanel::updateByteInfo()
{
    QString text = tr("%n row(s)", nullptr, m_byteModel->rowCount());
    if (m_byteModel->droppedCount() > 0)
        text += tr(", %n oldest dropped", nullptr, int(m_byteModel->droppedCount()));
    if (m_skipped > 0)
        text += tr(", %n paused", nullptr, int(m_skipped));
    m_byteInfo->setText(text);
}

void SerialPanel::applyProtocolLayout()
{
    const bool rapi = m_form->protocol() == QLatin1String("rapi");
    m_consoleBox->setVisible(rapi);
    // Modbus frames are binary: their text rendering is all escapes, while the hex (with the CRC
    // at the end) is what a technician reads, so it gets the room.
    m_byteView->setColumnHidden(ByteLogModel::Text, !rapi);
    m_byteView->setColumnWidth(ByteLogModel::Hex, rapi ? 320 : 560);
}

QString SerialPanel::noticeText() const
{
    return m_noticeLabel->isHidden() ? QString() : m_noticeLabel->accessibleDescription();
}

void SerialPanel::showNotice(Notice kind, const QString &headline, const QString &detail)
{
    m_notice = kind;
    if (kind != Notice::Info)
        m_noticeTimer.stop();
    if (kind == Notice::None) {
        m_noticeLabel->hide();
        m_noticeLabel->clear();
        return;
    }
    const char *style = kind == Notice::Error     ? "background:#fdecea;color:#8e1c1c;border:1px solid #c62828;"
                        : kind == Notice::Warning ? "background:#fff4e0;color:#6b4400;border:1px solid #e0a100;"
                                                  : "background:#e8f5e9;color:#1b5e20;border:1px solid #2e9d4a;";
    m_noticeLabel->setStyleSheet(QLatin1String(style) + QStringLiteral("border-radius:4px;"));
    QString html = QStringLiteral("<b>") + headline.toHtmlEscaped() + QStringLiteral("</b>");
    if (!detail.isEmpty())
        html += QStringLiteral("<br>") + detail.toHtmlEscaped();
    m_noticeLabel->setText(html);
    m_noticeLabel->setAccessibleDescription(detail.isEmpty() ? headline : headline + QLatin1Char(' ') + detail);
    m_noticeLabel->show();
}

} // namespace cb
