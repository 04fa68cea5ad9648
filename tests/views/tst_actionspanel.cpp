// The actions panel against real stations over real WebSockets: destructive actions ask first,
// answers appear next to their button in words (status + statusInfo, CALLERROR, timeout), the
// running transaction is preselected for stop, and the inputs follow the station's version.
#include "actions/actionspanel.h"
#include "transport/stationclient.h"
#include "workspace/workspace.h"

#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>

using namespace cb;
using Action = ActionsPanel::Action;

namespace {

void screenshot(QWidget &w, const QString &name)
{
    const QString dir = qEnvironmentVariable("CHARGEBENCH_SCREENSHOTS");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    w.grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

QPushButton *button(ActionsPanel &p, const char *name) { return p.findChild<QPushButton *>(QString::fromLatin1(name)); }

} // namespace

class TestActionsPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void destructiveActionsAskFirst();
    void answersAreShownNextToTheirButton();
    void stopIsPreselectedFromTheSnapshot();
    void inputsFollowTheVersion();
    void disconnectedStationDisablesTheButtons();

private:
    std::unique_ptr<StationClient> connectStation(const QString &identity, OcppVersion version);
    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    std::unique_ptr<StationClient> m_station201;
    std::unique_ptr<StationClient> m_station16;
    std::atomic<int> m_resets{0};
    QString m_stoppedId;
    QJsonObject m_lastStart16;
};

std::unique_ptr<StationClient> TestActionsPanel::connectStation(const QString &identity, OcppVersion version)
{
    auto client = std::make_unique<StationClient>();
    connect(client.get(), &StationClient::endpointCreated, this, [this](RpcEndpoint *rpc) {
        rpc->setHandler(QStringLiteral("Reset"), [this](const RpcCall &, RpcResponder r) {
            ++m_resets;
            r.result(QJsonObject{{QStringLiteral("status"), QStringLiteral("Accepted")}});
        });
        rpc->setHandler(QStringLiteral("ChangeAvailability"), [rpc](const RpcCall &, RpcResponder r) {
            QJsonObject reply{{QStringLiteral("status"), QStringLiteral("Rejected")}};
            if (rpc->version() != OcppVersion::V16)
                reply.insert(QStringLiteral("statusInfo"), QJsonObject{{QStringLiteral("reasonCode"), QStringLiteral("BadState")},
                                                                       {QStringLiteral("additionalInfo"), QStringLiteral("cable plugged in")}});
            r.result(reply);
        });
        rpc->setHandler(QStringLiteral("TriggerMessage"), [](const RpcCall &, RpcResponder r) {
            r.result(QJsonObject{{QStringLiteral("status"), QStringLiteral("Accepted")}});
        });
        rpc->setHandler(QStringLiteral("RequestStopTransaction"), [this](const RpcCall &c, RpcResponder r) {
            m_stoppedId = c.payload.value(QLatin1String("transactionId")).toString();
            r.result(QJsonObject{{QStringLiteral("status"), QStringLiteral("Accepted")}});
        });
        rpc->setHandler(QStringLiteral("RemoteStartTransaction"), [this](const RpcCall &c, RpcResponder r) {
            m_lastStart16 = c.payload;
            r.result(QJsonObject{{QStringLiteral("status"), QStringLiteral("Accepted")}});
        });
        rpc->setHandler(QStringLiteral("UnlockConnector"), [](const RpcCall &, RpcResponder) {}); // never answers
        // ClearCache has no handler: the station answers CALLERROR NotSupported.
    });
    ClientConfig cc;
    cc.baseUrl = QUrl(m_ws->urls().first());
    cc.identity = identity;
    cc.versions = {version};
    QSignalSpy up(client.get(), &StationClient::connected);
    client->open(cc);
    if (!up.wait(20000))
        return nullptr;
    return client;
}

void TestActionsPanel::initTestCase()
{
    WorkspaceConfig cfg;
    cfg.server.address = QHostAddress::LocalHost;
    cfg.server.port = 0;
    cfg.server.responseTimeout = std::chrono::milliseconds(1500);
    cfg.databasePath = m_dir.filePath(QStringLiteral("actions.sqlite"));
    m_ws = std::make_unique<Workspace>();
    const auto started = m_ws->start(cfg);
    QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().text()));
    m_station201 = connectStation(QStringLiteral("ACT-201"), OcppVersion::V201);
    m_station16 = connectStation(QStringLiteral("ACT-16"), OcppVersion::V16);
    QVERIFY(m_station201 && m_station16);
    QTRY_VERIFY_WITH_TIMEOUT(m_ws->liveStation(QStringLiteral("ACT-201")) && m_ws->liveStation(QStringLiteral("ACT-201"))->connected
                                 && m_ws->liveStation(QStringLiteral("ACT-16")) && m_ws->liveStation(QStringLiteral("ACT-16"))->connected,
                             20000);
}

void TestActionsPanel::cleanupTestCase()
{
    m_station201.reset();
    m_station16.reset();
    m_ws.reset();
}

void TestActionsPanel::destructiveActionsAskFirst()
{
    ActionsPanel p(*m_ws);
    p.setStation(QStringLiteral("ACT-201"), OcppVersion::V201);
    QSignalSpy answered(&p, &ActionsPanel::answered);
    const int before = m_resets;

    button(p, "resetButton")->click();
    QMessageBox *box = p.pendingConfirmation();
    QVERIFY(box);
    QVERIFY(box->text().contains(QStringLiteral("ACT-201")));
    box->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(!p.pendingConfirmation());
    QCOMPARE(m_resets.load(), before); // nothing sent

    button(p, "resetButton")->click();
    box = p.pendingConfirmation();
    QVERIFY(box);
    box->button(QMessageBox::Yes)->click();
    QVERIFY(answered.wait(20000));
    QCOMPARE(m_resets.load(), before + 1);
    QVERIFY2(p.answerText(Action::Reset).startsWith(QStringLiteral("Accepted")), qPrintable(p.answerText(Action::Reset)));

    // Operative is harmless and goes at once; Inoperative asks.
    auto *status = p.findChild<QComboBox *>(QStringLiteral("availabilityStatus"));
    status->setCurrentText(QStringLiteral("Inoperative"));
    p.trigger(Action::ChangeAvailability);
    QVERIFY(p.pendingConfirmation());
    p.pendingConfirmation()->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(!p.pendingConfirmation());
    status->setCurrentText(QStringLiteral("Operative"));
    p.trigger(Action::ChangeAvailability);
    QVERIFY(!p.pendingConfirmation());
    QVERIFY(answered.wait(20000));
}

void TestActionsPanel::answersAreShownNextToTheirButton()
{
    ActionsPanel p(*m_ws);
    p.resize(900, 640);
    p.setStation(QStringLiteral("ACT-201"), OcppVersion::V201);
    QSignalSpy answered(&p, &ActionsPanel::answered);

    // A refusal with its statusInfo.
    p.trigger(Action::ChangeAvailability);
    QVERIFY(answered.wait(20000));
    QVERIFY2(p.answerText(Action::ChangeAvailability).startsWith(QStringLiteral("Rejected (BadState: cable plugged in)")),
             qPrintable(p.answerText(Action::ChangeAvailability)));
    QVERIFY(p.findChild<QLabel *>(QStringLiteral("availabilityAnswer"))->isVisibleTo(&p));

    // Every trigger message of the version is offered; one goes out.
    auto *trigger = p.findChild<QComboBox *>(QStringLiteral("triggerMessage"));
    QVERIFY(trigger->findText(QStringLiteral("StatusNotification")) >= 0);
    trigger->setCurrentText(QStringLiteral("StatusNotification"));
    p.findChild<QSpinBox *>(QStringLiteral("triggerEvse"))->setValue(1);
    const auto req = p.request(Action::TriggerMessage);
    QVERIFY(req.ok());
    QCOMPARE(req.value().payload.value(QLatin1String("evse")).toObject().value(QLatin1String("id")).toInt(), 1);
    p.trigger(Action::TriggerMessage);
    QVERIFY(answered.wait(20000));
    QVERIFY(p.answerText(Action::TriggerMessage).startsWith(QStringLiteral("Accepted")));

    // CALLERROR in words (ClearCache asks first).
    p.trigger(Action::ClearCache);
    QVERIFY(p.pendingConfirmation());
    p.pendingConfirmation()->button(QMessageBox::Yes)->click();
    QVERIFY(answered.wait(20000));
    QVERIFY2(p.answerText(Action::ClearCache).contains(QStringLiteral("CALLERROR NotSupported")),
             qPrintable(p.answerText(Action::ClearCache)));

    // A timeout in words.
    p.trigger(Action::UnlockConnector);
    QVERIFY(p.pendingConfirmation());
    p.pendingConfirmation()->button(QMessageBox::Yes)->click();
    QVERIFY(answered.wait(20000));
    QVERIFY2(answered.last().at(1).value<CallOutcome>().status == CallOutcome::Status::Timeout,
             qPrintable(answered.last().at(1).value<CallOutcome>().describe()));
    QVERIFY2(p.answerText(Action::UnlockConnector).contains(QStringLiteral("No answer")), qPrintable(p.answerText(Action::UnlockConnector)));

    // Inputs that cannot make a request are explained, nothing is sent.
    p.trigger(Action::DataTransfer);
    QVERIFY(p.answerText(Action::DataTransfer).contains(QStringLiteral("vendorId")));
    p.trigger(Action::StartTransaction);
    QVERIFY(p.answerText(Action::StartTransaction).contains(QStringLiteral("token")));
    screenshot(p, QStringLiteral("actions-2.0.1"));
}

void TestActionsPanel::stopIsPreselectedFromTheSnapshot()
{
    ActionsPanel p(*m_ws);
    p.setStation(QStringLiteral("ACT-201"), OcppVersion::V201);
    auto *tx = p.findChild<QComboBox *>(QStringLiteral("stopTransaction"));
    QVERIFY(tx);
    std::optional<CallOutcome> started;
    m_station201->rpc()->call(
        QStringLiteral("TransactionEvent"),
        QJsonObject{{QStringLiteral("eventType"), QStringLiteral("Started")},
                    {QStringLiteral("timestamp"), QStringLiteral("2026-01-01T10:00:00Z")},
                    {QStringLiteral("triggerReason"), QStringLiteral("CablePluggedIn")},
                    {QStringLiteral("seqNo"), 0},
                    {QStringLiteral("transactionInfo"), QJsonObject{{QStringLiteral("transactionId"), QStringLiteral("TX-9")}}},
                    {QStringLiteral("evse"), QJsonObject{{QStringLiteral("id"), 1}, {QStringLiteral("connectorId"), 1}}}},
        [&](const CallOutcome &o) { started = o; });
    QTRY_VERIFY_WITH_TIMEOUT(started.has_value(), 20000);
    QVERIFY2(started->ok(), qPrintable(started->describe()));
    QTRY_COMPARE_WITH_TIMEOUT(tx->currentText(), QStringLiteral("TX-9"), 20000);

    QSignalSpy answered(&p, &ActionsPanel::answered);
    button(p, "stopButton")->click();
    QVERIFY(p.pendingConfirmation());
    QVERIFY(p.pendingConfirmation()->text().contains(QStringLiteral("TX-9")));
    p.pendingConfirmation()->button(QMessageBox::Yes)->click();
    QVERIFY(answered.wait(20000));
    QCOMPARE(m_stoppedId, QStringLiteral("TX-9"));
}

void TestActionsPanel::inputsFollowTheVersion()
{
    ActionsPanel p(*m_ws);
    p.resize(900, 640);
    p.setStation(QStringLiteral("ACT-16"), OcppVersion::V16);
    QCOMPARE(button(p, "startButton")->text(), QStringLiteral("Remote start"));
    QVERIFY(!p.findChild<QSpinBox *>(QStringLiteral("resetEvse")));
    auto *type = p.findChild<QComboBox *>(QStringLiteral("resetType"));
    QCOMPARE(type->count(), 2);
    QVERIFY(type->findText(QStringLiteral("Soft")) >= 0);
    QVERIFY(!p.findChild<QComboBox *>(QStringLiteral("startTokenType")));

    QSignalSpy answered(&p, &ActionsPanel::answered);
    p.findChild<QLineEdit *>(QStringLiteral("startIdToken"))->setText(QStringLiteral("TAG-16"));
    p.findChild<QSpinBox *>(QStringLiteral("startEvse"))->setValue(2);
    p.trigger(Action::StartTransaction);
    QVERIFY(answered.wait(20000));
    QCOMPARE(m_lastStart16, (QJsonObject{{QStringLiteral("idTag"), QStringLiteral("TAG-16")}, {QStringLiteral("connectorId"), 2}}));
    QVERIFY(p.answerText(Action::StartTransaction).startsWith(QStringLiteral("Accepted")));

    // 1.6 transaction ids are integers: a typed text id is refused in words.
    auto *tx = p.findChild<QComboBox *>(QStringLiteral("stopTransaction"));
    tx->setEditText(QStringLiteral("abc"));
    p.trigger(Action::StopTransaction);
    QVERIFY(!p.pendingConfirmation());
    QVERIFY(p.answerText(Action::StopTransaction).contains(QStringLiteral("integer")));
    screenshot(p, QStringLiteral("actions-1.6"));

    // The same panel switched to a 2.1 station rebuilds its inputs.
    p.setStation(QStringLiteral("ACT-21"), OcppVersion::V21);
    QCOMPARE(button(p, "startButton")->text(), QStringLiteral("Request start"));
    QVERIFY(p.findChild<QComboBox *>(QStringLiteral("startTokenType"))->isEditable());
    QVERIFY(p.findChild<QComboBox *>(QStringLiteral("triggerMessage"))->findText(QStringLiteral("CustomTrigger")) >= 0);
    QVERIFY(p.answerText(Action::StartTransaction).isEmpty());
    screenshot(p, QStringLiteral("actions-2.1-disconnected"));
}

void TestActionsPanel::disconnectedStationDisablesTheButtons()
{
    ActionsPanel p(*m_ws);
    p.setStation(QStringLiteral("NOBODY"), OcppVersion::V201);
    QVERIFY(!button(p, "resetButton")->isEnabled());
    QVERIFY(p.findChild<QLabel *>(QStringLiteral("actionsHeader"))->text().contains(QStringLiteral("not connected")));
    p.setStation(QStringLiteral("ACT-201"), OcppVersion::V201);
    QVERIFY(button(p, "resetButton")->isEnabled());

    // The station going away disables them.
    auto extra = connectStation(QStringLiteral("ACT-GONE"), OcppVersion::V201);
    QVERIFY(extra);
    QTRY_VERIFY_WITH_TIMEOUT(m_ws->liveStation(QStringLiteral("ACT-GONE")) && m_ws->liveStation(QStringLiteral("ACT-GONE"))->connected,
                             20000);
    p.setStation(QStringLiteral("ACT-GONE"), OcppVersion::V201);
    QVERIFY(button(p, "resetButton")->isEnabled());
    extra->close();
    QTRY_VERIFY_WITH_TIMEOUT(!button(p, "resetButton")->isEnabled(), 20000);
}

QTEST_MAIN(TestActionsPanel)
#include "tst_actionspanel.moc"
