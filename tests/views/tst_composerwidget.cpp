// The message composer as a user drives it: every CSMS-initiated action of every version gives a
// schema-valid payload from its form, invalid payloads are refused before sending, the raw JSON
// tab and the form stay in sync, and answers from a real station over a real WebSocket (Result,
// invalid reply, CALLERROR, timeout) are shown in words, with a history to load and resend.
#include "composer/composerhistorymodel.h"
#include "composer/composerwidget.h"
#include "composer/schemaformdelegate.h"
#include "composer/schemaformmodel.h"
#include "schema/actiondirection.h"
#include "schema/samplegenerator.h"
#include "schema/schemacatalog.h"
#include "schema/schemavalidator.h"
#include "transport/stationclient.h"
#include "workspace/workspace.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTreeView>

#include <atomic>

using namespace cb;

namespace {

// CHARGEBENCH_SCREENSHOTS=<dir> saves what the tests show, for people to look at.
void screenshot(QWidget &w, const QString &name)
{
    const QString dir = qEnvironmentVariable("CHARGEBENCH_SCREENSHOTS");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    w.grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

QStringList problemTexts(ComposerWidget &c)
{
    QStringList out;
    auto *list = c.findChild<QListWidget *>(QStringLiteral("problemList"));
    for (int i = 0; list && i < list->count(); ++i)
        out << list->item(i)->text();
    return out;
}

} // namespace

class TestComposerWidget : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void everyActionGivesAValidPayload_data();
    void everyActionGivesAValidPayload();
    void rawJsonAndFormStayInSync();
    void draftsSurviveSwitchingActions();
    void editorsFollowTheSchema();
    void structureEditsFromTheKeyboard();
    void invalidPayloadIsRefusedBeforeSending();
    void answersAreShownInWords();
    void historyLoadsAndResends();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    std::unique_ptr<StationClient> m_station;
    std::atomic<int> m_resets{0};
};

void TestComposerWidget::initTestCase()
{
    WorkspaceConfig cfg;
    cfg.server.address = QHostAddress::LocalHost;
    cfg.server.port = 0;
    cfg.databasePath = m_dir.filePath(QStringLiteral("composer.sqlite"));
    m_ws = std::make_unique<Workspace>();
    const auto started = m_ws->start(cfg);
    QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().text()));

    m_station = std::make_unique<StationClient>();
    connect(m_station.get(), &StationClient::endpointCreated, this, [this](RpcEndpoint *rpc) {
        rpc->setHandler(QStringLiteral("Reset"), [this](const RpcCall &, RpcResponder r) {
            ++m_resets;
            r.result(QJsonObject{{QStringLiteral("status"), QStringLiteral("Accepted")}});
        });
        // A station bug: a reply that breaks the schema, put on the wire as is.
        rpc->setHandler(QStringLiteral("ClearCache"), [rpc](const RpcCall &c, RpcResponder) {
            rpc->sendRaw("[3,\"" + c.id.toUtf8() + "\",{\"status\":\"Maybe\"}]");
        });
        // A station that never answers.
        rpc->setHandler(QStringLiteral("UnlockConnector"), [](const RpcCall &, RpcResponder) {});
    });
    ClientConfig cc;
    cc.baseUrl = QUrl(m_ws->urls().first());
    cc.identity = QStringLiteral("CMP-1");
    cc.versions = {OcppVersion::V201};
    QSignalSpy up(m_station.get(), &StationClient::connected);
    m_station->open(cc);
    QVERIFY(up.wait(20000));
    QTRY_VERIFY_WITH_TIMEOUT(m_ws->liveStation(QStringLiteral("CMP-1")).has_value()
                                 && m_ws->liveStation(QStringLiteral("CMP-1"))->connected,
                             20000);
}

void TestComposerWidget::cleanupTestCase()
{
    m_station.reset();
    m_ws.reset();
}

void TestComposerWidget::everyActionGivesAValidPayload_data()
{
    QTest::addColumn<OcppVersion>("version");
    for (OcppVersion v : kAllVersions)
        QTest::newRow(qPrintable(versionName(v))) << v;
}

void TestComposerWidget::everyActionGivesAValidPayload()
{
    QFETCH(OcppVersion, version);
    Workspace offline; // not started: the composer needs no server to build payloads
    ComposerWidget c(offline);
    c.setStation(QStringLiteral("OFFLINE"), version);
    const QStringList actions = csmsInitiatedActions(version);
    QVERIFY(actions.size() > 10);
    for (const QString &action : actions) {
        QVERIFY2(c.setCurrentAction(action), qPrintable(action));
        QCOMPARE(c.currentAction(), action);
        // The form a person starts from ...
        QVERIFY2(c.violations().isEmpty(), qPrintable(action + QStringLiteral(": ") + describe(c.violations())));
        const QJsonObject schema = SchemaCatalog::instance().schema(version, action, PayloadKind::Request);
        // ... and a form filled with every field both leave the form schema-valid.
        c.setPayload(SampleGenerator::generate(schema, SampleGenerator::Fill::Full));
        QVERIFY2(c.violations().isEmpty(), qPrintable(action + QStringLiteral(": ") + describe(c.violations())));
        const Violations v = SchemaValidator::shared().validate(version, action, PayloadKind::Request, c.payload());
        QVERIFY2(v.isEmpty(), qPrintable(describe(v)));
        // The only thing missing is a connected station.
        QString why;
        QVERIFY(!c.canSend(&why));
        QVERIFY2(why.contains(QStringLiteral("not connected")), qPrintable(why));
    }
    QVERIFY(!c.setCurrentAction(QStringLiteral("BootNotification"))); // station-initiated: not offered
    c.resize(1100, 700);
    c.setCurrentAction(QStringLiteral("SetChargingProfile"));
    screenshot(c, QStringLiteral("composer-%1-setchargingprofile").arg(versionName(version)));
}

void TestComposerWidget::rawJsonAndFormStayInSync()
{
    Workspace offline;
    ComposerWidget c(offline);
    c.setStation(QStringLiteral("OFFLINE"), OcppVersion::V201);
    QVERIFY(c.setCurrentAction(QStringLiteral("ChangeAvailability")));
    auto *raw = c.findChild<QPlainTextEdit *>(QStringLiteral("rawEdit"));
    auto *rawError = c.findChild<QLabel *>(QStringLiteral("rawError"));
    auto *form = c.findChild<QTreeView *>(QStringLiteral("formView"));
    QVERIFY(raw && rawError && form);

    // Form -> raw.
    SchemaFormModel *m = c.formModel();
    QVERIFY(m->setData(m->indexForPointer(QStringLiteral("/operationalStatus"), SchemaFormModel::ValueColumn),
                       QStringLiteral("Inoperative")));
    QCOMPARE(QJsonDocument::fromJson(raw->toPlainText().toUtf8()).object().value(QLatin1String("operationalStatus")).toString(),
             QStringLiteral("Inoperative"));

    // Raw -> form, as typed.
    raw->setPlainText(QStringLiteral("{\"operationalStatus\": \"Operative\", \"evse\": {\"id\": 3}}"));
    QCOMPARE(m->json().value(QLatin1String("evse")).toObject().value(QLatin1String("id")).toInt(), 3);
    QVERIFY(m->indexForPointer(QStringLiteral("/evse/id")).isValid());
    QVERIFY(c.violations().isEmpty());

    // A parse error is shown where it is; the text and the form's last payload both stay.
    const QString broken = QStringLiteral("{\"operationalStatus\": \"Operative\",\n \"evse\": {\"id\": 4,}}");
    raw->setPlainText(broken);
    QVERIFY(!rawError->isHidden());
    QVERIFY2(rawError->text().contains(QStringLiteral("Line 2")), qPrintable(rawError->text()));
    QCOMPARE(raw->toPlainText(), broken);
    QCOMPARE(m->json().value(QLatin1String("evse")).toObject().value(QLatin1String("id")).toInt(), 3);
    QVERIFY(!form->isEnabled());
    QString why;
    QVERIFY(!c.canSend(&why));
    QVERIFY(why.contains(QStringLiteral("raw JSON")));
    c.resize(1000, 650);
    screenshot(c, QStringLiteral("composer-raw-error"));

    // Not an object: also refused in words.
    raw->setPlainText(QStringLiteral("[1, 2]"));
    QVERIFY(rawError->text().contains(QStringLiteral("object")));

    // Fixing the text brings the form back.
    raw->setPlainText(QStringLiteral("{\"operationalStatus\": \"Operative\", \"evse\": {\"id\": 4}}"));
    QVERIFY(rawError->isHidden());
    QVERIFY(form->isEnabled());
    QCOMPARE(m->json().value(QLatin1String("evse")).toObject().value(QLatin1String("id")).toInt(), 4);
}

void TestComposerWidget::draftsSurviveSwitchingActions()
{
    Workspace offline;
    ComposerWidget c(offline);
    c.setStation(QStringLiteral("OFFLINE"), OcppVersion::V16);
    QVERIFY(c.setCurrentAction(QStringLiteral("RemoteStartTransaction")));
    SchemaFormModel *m = c.formModel();
    QVERIFY(m->setData(m->indexForPointer(QStringLiteral("/idTag"), SchemaFormModel::ValueColumn), QStringLiteral("TAG-42")));
    QVERIFY(c.setCurrentAction(QStringLiteral("Reset")));
    QVERIFY(!c.payload().contains(QLatin1String("idTag")));
    QVERIFY(c.setCurrentAction(QStringLiteral("RemoteStartTransaction")));
    QCOMPARE(c.payload().value(QLatin1String("idTag")).toString(), QStringLiteral("TAG-42"));
}

void TestComposerWidget::editorsFollowTheSchema()
{
    Workspace offline;
    ComposerWidget c(offline);
    c.setStation(QStringLiteral("OFFLINE"), OcppVersion::V21);
    QVERIFY(c.setCurrentAction(QStringLiteral("SetChargingProfile")));
    auto *view = c.findChild<QTreeView *>(QStringLiteral("formView"));
    auto *delegate = qobject_cast<SchemaFormDelegate *>(view->itemDelegateForColumn(SchemaFormModel::ValueColumn));
    QVERIFY(delegate);
    SchemaFormModel *m = c.formModel();
    QStyleOptionViewItem option;
    auto editorFor = [&](const QString &pointer) {
        const QModelIndex i = m->indexForPointer(pointer, SchemaFormModel::ValueColumn);
        QWidget *e = delegate->createEditor(view->viewport(), option, i);
        if (e)
            delegate->setEditorData(e, i);
        return std::unique_ptr<QWidget>(e);
    };
    // Enum: a combo box of exactly the schema's values.
    auto purpose = editorFor(QStringLiteral("/chargingProfile/chargingProfilePurpose"));
    auto *combo = qobject_cast<QComboBox *>(purpose.get());
    QVERIFY(combo);
    QVERIFY(combo->findText(QStringLiteral("TxProfile")) >= 0);
    QCOMPARE(combo->currentText(), m->data(m->indexForPointer(QStringLiteral("/chargingProfile/chargingProfilePurpose"), 1)).toString());
    // Integer with a minimum: a spin box that cannot go below it.
    auto evse = editorFor(QStringLiteral("/evseId"));
    auto *spin = qobject_cast<QSpinBox *>(evse.get());
    QVERIFY(spin);
    QCOMPARE(spin->minimum(), 0);
    // Number with multipleOf 0.1 (1.6): one decimal, steps of 0.1.
    c.setStation(QStringLiteral("OFFLINE"), OcppVersion::V16);
    QVERIFY(c.setCurrentAction(QStringLiteral("SetChargingProfile")));
    const QString period = QStringLiteral("/csChargingProfiles/chargingSchedule/chargingSchedulePeriod");
    QVERIFY(m->canAddItem(m->indexForPointer(period)) || m->rowCount(m->indexForPointer(period)) > 0);
    if (m->rowCount(m->indexForPointer(period)) == 0)
        QVERIFY(m->addItem(m->indexForPointer(period)).isValid());
    auto limit = editorFor(period + QStringLiteral("/0/limit"));
    auto *dspin = qobject_cast<QDoubleSpinBox *>(limit.get());
    QVERIFY(dspin);
    QCOMPARE(dspin->decimals(), 1);
    QCOMPARE(dspin->singleStep(), 0.1);
    // String with maxLength: a line edit that stops there.
    QVERIFY(c.setCurrentAction(QStringLiteral("RemoteStartTransaction")));
    auto tag = editorFor(QStringLiteral("/idTag"));
    auto *line = qobject_cast<QLineEdit *>(tag.get());
    QVERIFY(line);
    QCOMPARE(line->maxLength(), 20);
    line->setText(QString(30, QLatin1Char('x')));
    delegate->setModelData(line, m, m->indexForPointer(QStringLiteral("/idTag"), 1));
    QCOMPARE(c.payload().value(QLatin1String("idTag")).toString().size(), 20);
    // Date-time: a UTC date-time editor; what it gives is stored as RFC 3339 UTC.
    QVERIFY(m->include(m->indexForPointer(QStringLiteral("/chargingProfile"))));
    const QString validTo = QStringLiteral("/chargingProfile/validTo");
    auto when = editorFor(validTo);
    auto *dt = qobject_cast<QDateTimeEdit *>(when.get());
    QVERIFY(dt);
    QCOMPARE(dt->timeSpec(), Qt::UTC);
    dt->setDateTime(QDateTime(QDate(2027, 5, 6), QTime(7, 8, 9), Qt::UTC));
    delegate->setModelData(dt, m, m->indexForPointer(validTo, 1));
    QCOMPARE(c.payload().value(QLatin1String("chargingProfile")).toObject().value(QLatin1String("validTo")).toString(),
             QStringLiteral("2027-05-06T07:08:09Z"));
    QVERIFY(c.violations().isEmpty());
}

void TestComposerWidget::structureEditsFromTheKeyboard()
{
    Workspace offline;
    ComposerWidget c(offline);
    c.setStation(QStringLiteral("OFFLINE"), OcppVersion::V201);
    QVERIFY(c.setCurrentAction(QStringLiteral("SetVariables")));
    c.show();
    QVERIFY(QTest::qWaitForWindowExposed(&c));
    auto *view = c.findChild<QTreeView *>(QStringLiteral("formView"));
    SchemaFormModel *m = c.formModel();
    view->setFocus();
    QTRY_VERIFY(view->hasFocus());

    // Insert on an array item adds another item.
    view->setCurrentIndex(m->indexForPointer(QStringLiteral("/setVariableData/0")));
    QTest::keyClick(view, Qt::Key_Insert);
    QCOMPARE(m->rowCount(m->indexForPointer(QStringLiteral("/setVariableData"))), 2);
    // Insert on an absent optional field includes it; Delete removes it again.
    view->setCurrentIndex(m->indexForPointer(QStringLiteral("/setVariableData/1/component/evse")));
    QTest::keyClick(view, Qt::Key_Insert);
    QVERIFY(c.payload().value(QLatin1String("setVariableData")).toArray().at(1).toObject().value(QLatin1String("component"))
                .toObject().contains(QLatin1String("evse")));
    view->setCurrentIndex(m->indexForPointer(QStringLiteral("/setVariableData/1/component/evse")));
    QTest::keyClick(view, Qt::Key_Delete);
    QVERIFY(!c.payload().value(QLatin1String("setVariableData")).toArray().at(1).toObject().value(QLatin1String("component"))
                 .toObject().contains(QLatin1String("evse")));
    // Delete on an item removes it; the raw tab follows.
    view->setCurrentIndex(m->indexForPointer(QStringLiteral("/setVariableData/0")));
    QTest::keyClick(view, Qt::Key_Delete);
    QCOMPARE(m->rowCount(m->indexForPointer(QStringLiteral("/setVariableData"))), 1);
    auto *raw = c.findChild<QPlainTextEdit *>(QStringLiteral("rawEdit"));
    QCOMPARE(QJsonDocument::fromJson(raw->toPlainText().toUtf8()).object().value(QLatin1String("setVariableData")).toArray().size(), 1);
    // The last item cannot go (minItems 1).
    QTest::keyClick(view, Qt::Key_Delete);
    QCOMPARE(m->rowCount(m->indexForPointer(QStringLiteral("/setVariableData"))), 1);
}

void TestComposerWidget::invalidPayloadIsRefusedBeforeSending()
{
    ComposerWidget c(*m_ws);
    c.setStation(QStringLiteral("CMP-1"), OcppVersion::V201);
    QVERIFY(c.setCurrentAction(QStringLiteral("Reset")));
    QVERIFY(c.canSend());
    auto *sendButton = c.findChild<QPushButton *>(QStringLiteral("sendButton"));
    QVERIFY(sendButton->isEnabled());

    // An enum value outside the list, set through the model as a delegate could not.
    SchemaFormModel *m = c.formModel();
    QVERIFY(m->setData(m->indexForPointer(QStringLiteral("/type"), SchemaFormModel::ValueColumn), QStringLiteral("Sideways")));
    QCOMPARE(c.violations().size(), 1);
    QCOMPARE(c.violations().first().path, QStringLiteral("/type"));
    QVERIFY(!sendButton->isEnabled());
    QVERIFY(problemTexts(c).first().startsWith(QStringLiteral("/type")));
    QVERIFY(m->data(m->indexForPointer(QStringLiteral("/type"), SchemaFormModel::ValueColumn), SchemaFormModel::ViolationRole)
                .toString()
                .contains(QStringLiteral("Sideways")));
    const int resetsBefore = m_resets;
    QVERIFY(!c.send());
    QCOMPARE(c.historyModel()->rowCount(), 0);
    c.resize(1000, 650);
    screenshot(c, QStringLiteral("composer-invalid"));

    // A string over maxLength in another action is refused the same way.
    QVERIFY(c.setCurrentAction(QStringLiteral("RequestStopTransaction")));
    QVERIFY(m->setData(m->indexForPointer(QStringLiteral("/transactionId"), SchemaFormModel::ValueColumn), QString(37, QLatin1Char('t'))));
    QCOMPARE(c.violations().size(), 1);
    QCOMPARE(c.violations().first().path, QStringLiteral("/transactionId"));
    QString why;
    QVERIFY(!c.canSend(&why));
    QVERIFY(why.contains(QStringLiteral("schema")));
    QVERIFY(!c.send());
    QCOMPARE(m_resets.load(), resetsBefore);
    QCOMPARE(c.historyModel()->rowCount(), 0);
}

void TestComposerWidget::answersAreShownInWords()
{
    ComposerWidget c(*m_ws);
    c.resize(1100, 700);
    c.setStation(QStringLiteral("CMP-1"), OcppVersion::V201);
    auto *outcome = c.findChild<QLabel *>(QStringLiteral("outcomeLabel"));
    auto *response = c.findChild<QTextBrowser *>(QStringLiteral("responseView"));
    QSignalSpy answered(&c, &ComposerWidget::outcomeReceived);

    // Result.
    QVERIFY(c.setCurrentAction(QStringLiteral("Reset")));
    QVERIFY(c.send());
    QVERIFY(answered.wait(20000));
    QCOMPARE(answered.last().first().value<CallOutcome>().status, CallOutcome::Status::Result);
    QVERIFY2(outcome->text().contains(QStringLiteral("Accepted")), qPrintable(outcome->text()));
    QVERIFY(response->toPlainText().contains(QStringLiteral("\"status\": \"Accepted\"")));
    QCOMPARE(c.historyModel()->data(c.historyModel()->index(0, ComposerHistoryModel::OutcomeColumn)).toString().left(8),
             QStringLiteral("Accepted"));
    screenshot(c, QStringLiteral("composer-result"));

    // A reply that breaks the schema: shown with its violation marked.
    QVERIFY(c.setCurrentAction(QStringLiteral("ClearCache")));
    QVERIFY(c.send());
    QVERIFY(answered.wait(20000));
    QCOMPARE(answered.last().first().value<CallOutcome>().status, CallOutcome::Status::InvalidResponse);
    QVERIFY(outcome->text().contains(QStringLiteral("breaks the OCPP schema")));
    QVERIFY(response->toPlainText().contains(QStringLiteral("/status")));
    QVERIFY(response->toHtml().contains(QStringLiteral("Maybe")));
    screenshot(c, QStringLiteral("composer-invalid-response"));

    // CALLERROR: the station has no handler.
    QVERIFY(c.setCurrentAction(QStringLiteral("GetLocalListVersion")));
    QVERIFY(c.send());
    QVERIFY(answered.wait(20000));
    QCOMPARE(answered.last().first().value<CallOutcome>().status, CallOutcome::Status::CallError);
    QVERIFY2(outcome->text().contains(QStringLiteral("CALLERROR NotSupported")), qPrintable(outcome->text()));
    QVERIFY(response->toPlainText().contains(QStringLiteral("NotSupported")));

    // Timeout.
    c.setResponseTimeout(std::chrono::seconds(1));
    QVERIFY(c.setCurrentAction(QStringLiteral("UnlockConnector")));
    QVERIFY(c.send());
    QVERIFY(answered.wait(20000));
    QCOMPARE(answered.last().first().value<CallOutcome>().status, CallOutcome::Status::Timeout);
    QVERIFY2(outcome->text().contains(QStringLiteral("No answer")), qPrintable(outcome->text()));
    QCOMPARE(c.historyModel()->rowCount(), 4);
    QVERIFY(c.historyModel()->data(c.historyModel()->index(0, ComposerHistoryModel::OutcomeColumn)).toString().contains(
        QStringLiteral("timed out")));
    screenshot(c, QStringLiteral("composer-timeout"));
}

void TestComposerWidget::historyLoadsAndResends()
{
    ComposerWidget c(*m_ws);
    c.setStation(QStringLiteral("CMP-1"), OcppVersion::V201);
    QSignalSpy answered(&c, &ComposerWidget::outcomeReceived);
    QVERIFY(c.setCurrentAction(QStringLiteral("Reset")));
    SchemaFormModel *m = c.formModel();
    QVERIFY(m->setData(m->indexForPointer(QStringLiteral("/type"), SchemaFormModel::ValueColumn), QStringLiteral("OnIdle")));
    QVERIFY(m->setData(m->indexForPointer(QStringLiteral("/evseId"), SchemaFormModel::ValueColumn), 1));
    const QJsonObject sent = c.payload();
    QVERIFY(c.send());
    QVERIFY(answered.wait(20000));

    QVERIFY(c.setCurrentAction(QStringLiteral("TriggerMessage")));
    QVERIFY(c.loadHistoryEntry(0));
    QCOMPARE(c.currentAction(), QStringLiteral("Reset"));
    QCOMPARE(c.payload(), sent);

    const int resetsBefore = m_resets;
    QVERIFY(c.resendHistoryEntry(0));
    QVERIFY(answered.wait(20000));
    QCOMPARE(m_resets.load(), resetsBefore + 1);
    QCOMPARE(c.historyModel()->rowCount(), 2);
    QCOMPARE(c.historyModel()->entry(0).payload, sent);

    // A message of another version is not loaded into this station's form.
    c.setStation(QStringLiteral("CMP-OLD"), OcppVersion::V16);
    QVERIFY(!c.loadHistoryEntry(0));
    QVERIFY(!c.resendHistoryEntry(0));
}

QTEST_MAIN(TestComposerWidget)
#include "tst_composerwidget.moc"
