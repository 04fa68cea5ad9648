// The actions panel against real stations over real WebSockets: destructive operations ask
// first, answers appear next to their button in words (status + statusInfo, CALLERROR, timeout),
// the running transaction is preselected for stop, the inputs follow the station's version, and
// what goes out is exactly what the operation table prepares.
#include "actions/actionspanel.h"
#include "station/operations/operationtable.h"
#include "transport/stationclient.h"
#include "workspace/workspace.h"

#include <QComboBox>
#include <QDir>
#include <QJsonArray>
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
namespace {

void screenshot(QWidget &w, const QString &name)
{
    const QString dir = qEnvironmentVariable("CHARGEBENCH_SCREENSHOTS");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    // Tall enough that the whole table of operations is in the picture.
    w.resize(960, 1500);
    w.grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

QPushButton *button(ActionsPanel &p, const char *name) { return p.findChild<QPushButton *>(QString::fromLatin1(name)); }

// Sets an input the way a person would: a combo box's shown value, a spin box's number.
bool setInput(ActionsPanel &p, const QString &name, const QVariant &value)
{
    if (auto *c = p.findChild<QComboBox *>(name)) {
        const int i = c->findText(value.toString());
        c->setCurrentIndex(i);
        return i >= 0;
    }
    if (auto *s = p.findChild<QSpinBox *>(name)) {
        s->setValue(value.toInt());
        return s->value() == value.toInt();
    }
    return false;
}

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
    void jsonInputsReadLikeTheCli();
    void sendsWhatTheTablePrepares_data();
    void sendsWhatTheTablePrepares();

private:
    std::unique_ptr<StationClient> connectStation(const QString &identity, OcppVersion version);
    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    std::unique_ptr<StationClient> m_station201;
    std::unique_ptr<StationClient> m_station16;
    std::atomic<int> m_resets{0};
    QString m_stoppedId;
    QJsonObject m_lastStart16;
    QString m_receivedAction;
    QJsonObject m_received;
};

std::unique_ptr<StationClient> TestActionsPanel::connectStation(const QString &identity, OcppVersion version)
{
    auto client = std::make_unique<StationClient>();
    connect(client.get(), &StationClient::endpointCreated, this, [this](RpcEndpoint *rpc) {
        rpc->setHandler(QStringLiteral("Reset"), [this](const RpcCall &, RpcResponder r) {
            ++m_resets;
            r.result(QJsonObject{{QStringLiteral("status"), QStringLiteral("Accepted")}});
        });
        rpc->setHandler(QStringLiteral("ChangeAvailability"), [this, rpc](const RpcCall &c, RpcResponder r) {
            m_receivedAction = c.action;
            m_received = c.payload;
            QJsonObject reply{{QStringLiteral("status"), QStringLiteral("Rejected")}};
            if (rpc->version() != OcppVersion::V16)
                reply.insert(QStringLiteral("statusInfo"), QJsonObject{{QStringLiteral("reasonCode"), QStringLiteral("BadState")},
                                                                       {QStringLiteral("additionalInfo"), QStringLiteral("cable plugged in")}});
            r.result(reply);
        });
        rpc->setHandler(QStringLiteral("TriggerMessage"), [this](const RpcCall &c, RpcResponder r) {
            m_receivedAction = c.action;
            m_received = c.payload;
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
    QVERIFY2(p.answerText(QStringLiteral("reset")).startsWith(QStringLiteral("Accepted")), qPrintable(p.answerText(QStringLiteral("reset"))));

    // Operative is harmless and goes at once; Inoperative asks.
    auto *status = p.findChild<QComboBox *>(QStringLiteral("change-availability.status"));
    status->setCurrentText(QStringLiteral("inoperative"));
    p.trigger(QStringLiteral("change-availability"));
    QVERIFY(p.pendingConfirmation());
    p.pendingConfirmation()->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(!p.pendingConfirmation());
    status->setCurrentText(QStringLiteral("operative"));
    p.trigger(QStringLiteral("change-availability"));
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
    p.trigger(QStringLiteral("change-availability"));
    QVERIFY(answered.wait(20000));
    QVERIFY2(p.answerText(QStringLiteral("change-availability")).startsWith(QStringLiteral("Rejected (BadState: cable plugged in)")),
             qPrintable(p.answerText(QStringLiteral("change-availability"))));
    QVERIFY(p.findChild<QLabel *>(QStringLiteral("change-availabilityAnswer"))->isVisibleTo(&p));

    // Every trigger message of the version is offered; one goes out.
    auto *trigger = p.findChild<QComboBox *>(QStringLiteral("trigger.message"));
    QVERIFY(trigger->findText(QStringLiteral("status")) >= 0);
    trigger->setCurrentText(QStringLiteral("status"));
    p.findChild<QSpinBox *>(QStringLiteral("trigger.evse"))->setValue(1);
    const auto req = p.request(QStringLiteral("trigger"));
    QVERIFY(req.ok());
    QCOMPARE(req.value().payload.value(QLatin1String("evse")).toObject().value(QLatin1String("id")).toInt(), 1);
    p.trigger(QStringLiteral("trigger"));
    QVERIFY(answered.wait(20000));
    QVERIFY(p.answerText(QStringLiteral("trigger")).startsWith(QStringLiteral("Accepted")));

    // CALLERROR in words (ClearCache asks first).
    p.trigger(QStringLiteral("clear-cache"));
    QVERIFY(p.pendingConfirmation());
    p.pendingConfirmation()->button(QMessageBox::Yes)->click();
    QVERIFY(answered.wait(20000));
    QVERIFY2(p.answerText(QStringLiteral("clear-cache")).contains(QStringLiteral("CALLERROR NotSupported")),
             qPrintable(p.answerText(QStringLiteral("clear-cache"))));

    // A timeout in words.
    p.trigger(QStringLiteral("unlock"));
    QVERIFY(p.pendingConfirmation());
    p.pendingConfirmation()->button(QMessageBox::Yes)->click();
    QVERIFY(answered.wait(20000));
    QVERIFY2(answered.last().at(1).value<OperationResult>().kind == OperationResult::Kind::Timeout,
             qPrintable(answered.last().at(1).value<OperationResult>().text));
    QVERIFY2(p.answerText(QStringLiteral("unlock")).contains(QStringLiteral("No answer")), qPrintable(p.answerText(QStringLiteral("unlock"))));

    // Inputs that cannot make a request are explained, nothing is sent.
    p.trigger(QStringLiteral("data-transfer"));
    QVERIFY2(p.answerText(QStringLiteral("data-transfer")).contains(QStringLiteral("vendor-id")),
             qPrintable(p.answerText(QStringLiteral("data-transfer"))));
    p.trigger(QStringLiteral("start"));
    QVERIFY(p.answerText(QStringLiteral("start")).contains(QStringLiteral("token")));
    screenshot(p, QStringLiteral("actions-2.0.1"));
}

void TestActionsPanel::stopIsPreselectedFromTheSnapshot()
{
    ActionsPanel p(*m_ws);
    p.setStation(QStringLiteral("ACT-201"), OcppVersion::V201);
    auto *tx = p.findChild<QComboBox *>(QStringLiteral("stop.transaction"));
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
    p.findChild<QLineEdit *>(QStringLiteral("start.id-token"))->setText(QStringLiteral("TAG-16"));
    QCOMPARE(p.request(QStringLiteral("start")).value().action, QStringLiteral("RemoteStartTransaction"));
    QVERIFY(!p.findChild<QSpinBox *>(QStringLiteral("reset.evse")));
    auto *type = p.findChild<QComboBox *>(QStringLiteral("reset.type"));
    QCOMPARE(type->count(), 2);
    QVERIFY(type->findText(QStringLiteral("on-idle")) >= 0);
    QCOMPARE(type->currentText(), QStringLiteral("on-idle")); // the gentle kind is preselected
    QVERIFY(!p.findChild<QComboBox *>(QStringLiteral("start.token-type")));
    QVERIFY(p.findChild<QSpinBox *>(QStringLiteral("start.connector")));

    QSignalSpy answered(&p, &ActionsPanel::answered);
    p.findChild<QSpinBox *>(QStringLiteral("start.connector"))->setValue(2);
    p.trigger(QStringLiteral("start"));
    QVERIFY(answered.wait(20000));
    QCOMPARE(m_lastStart16, (QJsonObject{{QStringLiteral("idTag"), QStringLiteral("TAG-16")}, {QStringLiteral("connectorId"), 2}}));
    QVERIFY(p.answerText(QStringLiteral("start")).startsWith(QStringLiteral("Accepted")));

    // 1.6 transaction ids are integers: a typed text id is refused in words.
    auto *tx = p.findChild<QComboBox *>(QStringLiteral("stop.transaction"));
    tx->setEditText(QStringLiteral("abc"));
    p.trigger(QStringLiteral("stop"));
    QVERIFY(!p.pendingConfirmation());
    QVERIFY(p.answerText(QStringLiteral("stop")).contains(QStringLiteral("integer")));
    screenshot(p, QStringLiteral("actions-1.6"));

    // The same panel switched to a 2.1 station rebuilds its inputs.
    p.setStation(QStringLiteral("ACT-21"), OcppVersion::V21);
    p.findChild<QLineEdit *>(QStringLiteral("start.id-token"))->setText(QStringLiteral("TAG-21"));
    QCOMPARE(p.request(QStringLiteral("start")).value().action, QStringLiteral("RequestStartTransaction"));
    QVERIFY(p.findChild<QComboBox *>(QStringLiteral("start.token-type"))->isEditable());
    QVERIFY(p.findChild<QComboBox *>(QStringLiteral("trigger.message"))->findText(QStringLiteral("custom")) >= 0);
    QVERIFY(p.answerText(QStringLiteral("start")).isEmpty());
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

void TestActionsPanel::jsonInputsReadLikeTheCli()
{
    ActionsPanel p(*m_ws);
    p.setStation(QStringLiteral("ACT-201"), OcppVersion::V201);
    p.findChild<QLineEdit *>(QStringLiteral("get-variables.variables"))->setText(QStringLiteral("OCPPCommCtrlr.HeartbeatInterval"));
    QCOMPARE(p.request(QStringLiteral("get-variables")).value().action, QStringLiteral("GetVariables"));

    auto *entries = p.findChild<QLineEdit *>(QStringLiteral("send-local-list.entries"));
    entries->setText(QStringLiteral("[{\"idToken\""));
    const auto broken = p.request(QStringLiteral("send-local-list"));
    QVERIFY(!broken.ok());
    QVERIFY2(broken.error().text().contains(QStringLiteral("JSON")), qPrintable(broken.error().text()));
    p.trigger(QStringLiteral("send-local-list"));
    QVERIFY(!p.pendingConfirmation());
    QVERIFY(p.answerText(QStringLiteral("send-local-list")).contains(QStringLiteral("JSON")));
    entries->setText(QStringLiteral("[{\"idToken\":\"04A2B3C4\",\"status\":\"accepted\"}]"));
    const auto list = p.request(QStringLiteral("send-local-list"));
    QVERIFY2(list.ok(), qPrintable(list.ok() ? QString() : list.error().text()));
    QCOMPARE(list.value().payload.value(QLatin1String("localAuthorizationList")).toArray().size(), 1);
}

void TestActionsPanel::sendsWhatTheTablePrepares_data()
{
    QTest::addColumn<QString>("station");
    QTest::addColumn<OcppVersion>("version");
    QTest::addColumn<QString>("operation");
    QTest::addColumn<QVariantMap>("inputs");
    QTest::addColumn<QJsonObject>("args");

    const auto ACT201 = QStringLiteral("ACT-201");
    const auto ACT16 = QStringLiteral("ACT-16");
    QTest::newRow("trigger 2.0.1") << ACT201 << OcppVersion::V201 << QStringLiteral("trigger")
                                   << QVariantMap{{QStringLiteral("trigger.message"), QStringLiteral("meter-values")},
                                                  {QStringLiteral("trigger.evse"), 1},
                                                  {QStringLiteral("trigger.connector"), 1}}
                                   << QJsonObject{{QStringLiteral("message"), QStringLiteral("meter-values")},
                                                  {QStringLiteral("evse"), 1},
                                                  {QStringLiteral("connector"), 1}};
    QTest::newRow("trigger 1.6") << ACT16 << OcppVersion::V16 << QStringLiteral("trigger")
                                 << QVariantMap{{QStringLiteral("trigger.message"), QStringLiteral("status")},
                                                {QStringLiteral("trigger.connector"), 1}}
                                 << QJsonObject{{QStringLiteral("message"), QStringLiteral("status")},
                                                {QStringLiteral("connector"), 1},
                                                {QStringLiteral("extended"), false}};
    QTest::newRow("change-availability 2.0.1") << ACT201 << OcppVersion::V201 << QStringLiteral("change-availability")
                                               << QVariantMap{{QStringLiteral("change-availability.status"), QStringLiteral("operative")},
                                                              {QStringLiteral("change-availability.evse"), 2}}
                                               << QJsonObject{{QStringLiteral("status"), QStringLiteral("operative")},
                                                              {QStringLiteral("evse"), 2}};
    QTest::newRow("change-availability 1.6") << ACT16 << OcppVersion::V16 << QStringLiteral("change-availability")
                                             << QVariantMap{{QStringLiteral("change-availability.status"), QStringLiteral("operative")},
                                                            {QStringLiteral("change-availability.connector"), 0}}
                                             << QJsonObject{{QStringLiteral("status"), QStringLiteral("operative")},
                                                            {QStringLiteral("connector"), 0}};
}

void TestActionsPanel::sendsWhatTheTablePrepares()
{
    QFETCH(QString, station);
    QFETCH(OcppVersion, version);
    QFETCH(QString, operation);
    QFETCH(QVariantMap, inputs);
    QFETCH(QJsonObject, args);

    ActionsPanel p(*m_ws);
    p.setStation(station, version);
    for (auto it = inputs.cbegin(); it != inputs.cend(); ++it)
        QVERIFY2(setInput(p, it.key(), it.value()), qPrintable(it.key()));
    const auto given = p.arguments(operation);
    QVERIFY(given.ok());
    QCOMPARE(given.value(), args);

    const PreparedOperation prepared = OperationTable::instance().prepare(operation, version, args);
    QVERIFY(!prepared.refusal);
    QCOMPARE(p.request(operation).value().payload, prepared.request.payload);

    m_receivedAction.clear();
    m_received = {};
    QSignalSpy answered(&p, &ActionsPanel::answered);
    p.trigger(operation);
    QVERIFY(!p.pendingConfirmation());
    QVERIFY(answered.wait(20000));
    QCOMPARE(m_receivedAction, prepared.request.action);
    QCOMPARE(m_received, prepared.request.payload);
    const auto result = answered.last().at(1).value<OperationResult>();
    QCOMPARE(answered.last().at(0).toString(), operation);
    QCOMPARE(result.action, prepared.request.action);
    QCOMPARE(result.request, prepared.request.payload);
}

QTEST_MAIN(TestActionsPanel)
#include "tst_actionspanel.moc"
