// RpcEndpoint: dispatch, error codes by version, ordering and queueing of CALLs, timeouts, SEND,
// reply validation. Every frame the endpoint transmits is checked against the schemas too.
#include "rpc/rpcendpoint.h"
#include "schema/schemavalidator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace cb;
using namespace std::chrono_literals;

Q_DECLARE_METATYPE(cb::OcppVersion)

namespace {

QJsonObject json(const char *text) { return QJsonDocument::fromJson(QByteArray(text)).object(); }

// A reply frame to `id`: type, id, then the rest of the array as JSON text.
QByteArray frameFor(int type, const QString &id, const char *rest)
{
    return "[" + QByteArray::number(type) + ",\"" + id.toUtf8() + "\"," + rest + "]";
}

// The far side of the wire: records what the endpoint transmits and what it observed.
struct Wire
{
    explicit Wire(OcppVersion v) : endpoint(v)
    {
        endpoint.setTransmitter([this](const QByteArray &t) { sent << t; });
        endpoint.setFrameObserver([this](const FrameEvent &e) { events << e; });
    }
    QJsonArray last() const { return QJsonDocument::fromJson(sent.last()).array(); }

    // What ChargeBench sends must be well-formed and schema-valid, whatever it was fed.
    QString checkSent(const QHash<QString, QString> &actionsById = {}) const
    {
        for (const QByteArray &t : sent) {
            const auto f = decodeFrame(t, endpoint.version());
            if (!f)
                return QStringLiteral("undecodable frame sent: ") + QString::fromUtf8(t);
            const RpcFrame &fr = f.value();
            if (fr.type == MessageType::Call) {
                const auto v = SchemaValidator::shared().validate(endpoint.version(), fr.action, PayloadKind::Request, fr.payload);
                if (!v.isEmpty())
                    return describe(v);
            }
            if (fr.type == MessageType::CallResult && actionsById.contains(fr.id)) {
                const auto v = SchemaValidator::shared().validate(endpoint.version(), actionsById.value(fr.id),
                                                                  PayloadKind::Response, fr.payload);
                if (!v.isEmpty())
                    return describe(v);
            }
            if ((fr.type == MessageType::CallError || fr.type == MessageType::CallResultError) && !parseErrorCode(fr.errorCode))
                return QStringLiteral("unknown error code sent: ") + fr.errorCode;
        }
        return {};
    }

    RpcEndpoint endpoint;
    QList<QByteArray> sent;
    QList<FrameEvent> events;
};

} // namespace

// Slots are defined out of line: moc (6.4) misreads some raw string literals inside a class body.
class TestRpcEndpoint : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void dispatchesToHandler();
    void errorsByVersion_data();
    void errorsByVersion();
    void ignoredFrames_data();
    void ignoredFrames();
    void unknownReplyIdIsReported();
    void callsQueueOneAtATime();
    void callTimesOutThenQueueMoves();
    void callErrorAndSpellings();
    void invalidResponseIsReported_data();
    void invalidResponseIsReported();
    void malformedReplyEndsTheCall();
    void invalidRequestIsNotSent();
    void handlerBugBecomesInternalError();
    void asynchronousHandler();
    void sendNeverWaits();
    void receivedSendIsDispatched();
    void closeFailsOutstandingCalls();
    void resultErrorSignal();
};

void TestRpcEndpoint::dispatchesToHandler()
{
    Wire w(OcppVersion::V201);
    QString seenVendor;
    w.endpoint.setHandler(QStringLiteral("BootNotification"), [&](const RpcCall &c, RpcResponder r) {
        seenVendor = c.payload[QStringLiteral("chargingStation")][QStringLiteral("vendorName")].toString();
        r.result(json(R"({"currentTime":"2026-01-01T00:00:00Z","interval":300,"status":"Accepted"})"));
        r.result(json(R"({"currentTime":"2026-01-01T00:00:00Z","interval":1,"status":"Rejected"})")); // ignored
    });
    w.endpoint.receive(R"([2,"b1","BootNotification",{"reason":"PowerUp","chargingStation":{"model":"M","vendorName":"ACME"}}])");
    QCOMPARE(seenVendor, QStringLiteral("ACME"));
    QCOMPARE(w.sent.size(), 1);
    QCOMPARE(w.last().at(0).toInt(), 3);
    QCOMPARE(w.last().at(1).toString(), QStringLiteral("b1"));
    QCOMPARE(w.last().at(2)[QStringLiteral("status")].toString(), QStringLiteral("Accepted"));
    QCOMPARE(w.checkSent({{QStringLiteral("b1"), QStringLiteral("BootNotification")}}), QString());
    // The observer saw both frames, the reply labelled with the action it answers.
    QCOMPARE(w.events.size(), 2);
    QCOMPARE(w.events.at(0).direction, FrameEvent::Direction::In);
    QCOMPARE(w.events.at(1).direction, FrameEvent::Direction::Out);
    QCOMPARE(w.events.at(1).action, QStringLiteral("BootNotification"));
    QVERIFY(w.events.at(1).isValid());
}

void TestRpcEndpoint::errorsByVersion_data()
{
    QTest::addColumn<OcppVersion>("version");
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("code");

    const auto v16 = OcppVersion::V16, v201 = OcppVersion::V201, v21 = OcppVersion::V21;
    QTest::newRow("1.6 invalid json") << v16 << QByteArray("[2,\"x\"") << "-1" << "FormationViolation";
    QTest::newRow("2.0.1 invalid json") << v201 << QByteArray("[2,\"x\"") << "-1" << "RpcFrameworkError";
    QTest::newRow("2.1 not an array") << v21 << QByteArray(R"({"a":1})") << "-1" << "RpcFrameworkError";
    QTest::newRow("1.6 not an array") << v16 << QByteArray("42") << "-1" << "FormationViolation";
    QTest::newRow("2.0.1 id too long") << v201 << QByteArray(R"([2,"1234567890123456789012345678901234567","Heartbeat",{}])") << "-1" << "RpcFrameworkError";
    QTest::newRow("2.0.1 payload not object") << v201 << QByteArray(R"([2,"p","Heartbeat",[]])") << "p" << "RpcFrameworkError";
    QTest::newRow("2.0.1 unknown type") << v201 << QByteArray(R"([9,"t","Heartbeat",{}])") << "t" << "MessageTypeNotSupported";
    QTest::newRow("2.0.1 SEND is unknown") << v201 << QByteArray(R"([6,"t","Heartbeat",{}])") << "t" << "MessageTypeNotSupported";
    QTest::newRow("2.1 unknown type") << v21 << QByteArray(R"([7,"t",{}])") << "t" << "MessageTypeNotSupported";
    QTest::newRow("1.6 unknown action") << v16 << QByteArray(R"([2,"u","TransactionEvent",{}])") << "u" << "NotImplemented";
    QTest::newRow("2.1 unknown action") << v21 << QByteArray(R"([2,"u","MakeCoffee",{}])") << "u" << "NotImplemented";
    QTest::newRow("2.0.1 no handler") << v201 << QByteArray(R"([2,"n","Heartbeat",{}])") << "n" << "NotSupported";
    QTest::newRow("1.6 missing field") << v16 << QByteArray(R"([2,"m","Authorize",{}])") << "m" << "OccurenceConstraintViolation";
    QTest::newRow("2.0.1 missing field") << v201 << QByteArray(R"([2,"m","Authorize",{}])") << "m" << "OccurrenceConstraintViolation";
    QTest::newRow("1.6 wrong type") << v16 << QByteArray(R"([2,"w","Authorize",{"idTag":5}])") << "w" << "TypeConstraintViolation";
    QTest::newRow("2.1 enum") << v21 << QByteArray(R"([2,"e","BootNotification",{"reason":"Bored","chargingStation":{"model":"M","vendorName":"V"}}])") << "e" << "PropertyConstraintViolation";
    QTest::newRow("1.6 too long") << v16 << QByteArray(R"([2,"l","Authorize",{"idTag":"123456789012345678901"}])") << "l" << "PropertyConstraintViolation";
    QTest::newRow("1.6 unknown property") << v16 << QByteArray(R"([2,"k","Heartbeat",{"x":1}])") << "k" << "FormationViolation";
    QTest::newRow("2.0.1 unknown property") << v201 << QByteArray(R"([2,"k","Heartbeat",{"x":1}])") << "k" << "FormatViolation";
}

void TestRpcEndpoint::errorsByVersion()
{
    QFETCH(OcppVersion, version);
    QFETCH(QByteArray, frame);
    QFETCH(QString, id);
    QFETCH(QString, code);
    Wire w(version);
    w.endpoint.receive(frame);
    QCOMPARE(w.sent.size(), 1);
    const QJsonArray reply = w.last();
    QCOMPARE(reply.size(), 5);
    QCOMPARE(reply.at(0).toInt(), 4);
    QCOMPARE(reply.at(1).toString(), id);
    QCOMPARE(reply.at(2).toString(), code);
    QVERIFY(reply.at(3).toString().size() <= 255);
    QVERIFY(reply.at(4).isObject());
    QCOMPARE(w.checkSent(), QString());
}

void TestRpcEndpoint::ignoredFrames_data()
{
    QTest::addColumn<OcppVersion>("version");
    QTest::addColumn<QByteArray>("frame");
    QTest::newRow("1.6 unknown type is ignored") << OcppVersion::V16 << QByteArray(R"([9,"t","Heartbeat",{}])");
    QTest::newRow("result for unknown id") << OcppVersion::V201 << QByteArray(R"([3,"nobody",{}])");
    QTest::newRow("error for unknown id") << OcppVersion::V201 << QByteArray(R"([4,"nobody","GenericError","",{}])");
    QTest::newRow("broken result") << OcppVersion::V201 << QByteArray(R"([3,"nobody"])");
    QTest::newRow("invalid SEND is not answered") << OcppVersion::V21 << QByteArray(R"([6,"s","NotifyPeriodicEventStream",{}])");
    QTest::newRow("unknown SEND is not answered") << OcppVersion::V21 << QByteArray(R"([6,"s","Heartbeat",{}])");
    QTest::newRow("broken SEND is not answered") << OcppVersion::V21 << QByteArray(R"([6,"s","NotifyPeriodicEventStream"])");
}

void TestRpcEndpoint::ignoredFrames()
{
    QFETCH(OcppVersion, version);
    QFETCH(QByteArray, frame);
    Wire w(version);
    w.endpoint.receive(frame);
    QCOMPARE(w.sent.size(), 0);
    QCOMPARE(w.events.size(), 1); // still observed (captured)
}

void TestRpcEndpoint::unknownReplyIdIsReported()
{
    Wire w(OcppVersion::V16);
    QSignalSpy problems(&w.endpoint, &RpcEndpoint::problem);
    w.endpoint.receive(R"([3,"ghost",{}])");
    QCOMPARE(problems.size(), 1);
    QVERIFY(problems.first().first().toString().contains(QStringLiteral("ghost")));
    QVERIFY(!w.events.first().problem.isEmpty());
}

void TestRpcEndpoint::callsQueueOneAtATime()
{
    Wire w(OcppVersion::V16);
    QStringList order;
    w.endpoint.call(QStringLiteral("ClearCache"), {}, [&](const CallOutcome &o) { order << o.action + QLatin1Char(':') + QString::number(int(o.status)); });
    w.endpoint.call(QStringLiteral("Reset"), json(R"({"type":"Soft"})"), [&](const CallOutcome &o) {
        order << o.action + QLatin1Char(':') + QString::number(int(o.status));
    });
    QCOMPARE(w.sent.size(), 1); // the second waits for the first reply
    QCOMPARE(w.endpoint.queuedCalls(), 2);
    const QString firstId = w.last().at(1).toString();
    QCOMPARE(w.last().at(2).toString(), QStringLiteral("ClearCache"));
    w.endpoint.receive(frameFor(3, firstId, R"({"status":"Accepted"})"));
    QCOMPARE(order, QStringList{QStringLiteral("ClearCache:0")});
    QCOMPARE(w.sent.size(), 2);
    QCOMPARE(w.last().at(2).toString(), QStringLiteral("Reset"));
    const QString secondId = w.last().at(1).toString();
    QVERIFY(secondId != firstId);
    QVERIFY(secondId.size() <= 36);
    w.endpoint.receive(frameFor(3, secondId, R"({"status":"Accepted"})"));
    QCOMPARE(order, (QStringList{QStringLiteral("ClearCache:0"), QStringLiteral("Reset:0")}));
    QCOMPARE(w.endpoint.queuedCalls(), 0);
    QCOMPARE(w.checkSent(), QString());
}

void TestRpcEndpoint::callTimesOutThenQueueMoves()
{
    Wire w(OcppVersion::V201);
    w.endpoint.setResponseTimeout(100ms);
    std::optional<CallOutcome> first, second;
    w.endpoint.call(QStringLiteral("ClearCache"), {}, [&](const CallOutcome &o) { first = o; });
    w.endpoint.call(QStringLiteral("ClearCache"), {}, [&](const CallOutcome &o) { second = o; }, 5000ms);
    QTRY_VERIFY(first.has_value());
    QCOMPARE(first->status, CallOutcome::Status::Timeout);
    QVERIFY(first->describe().contains(QStringLiteral("No answer")));
    QCOMPARE(w.sent.size(), 2);
    // A late reply to the timed-out call is not taken as the answer to the next one.
    w.endpoint.receive(frameFor(3, first->messageId, R"({"status":"Accepted"})"));
    QVERIFY(!second.has_value());
    w.endpoint.receive(frameFor(3, w.last().at(1).toString(), R"({"status":"Accepted"})"));
    QVERIFY(second.has_value());
    QCOMPARE(second->status, CallOutcome::Status::Result);
}

void TestRpcEndpoint::callErrorAndSpellings()
{
    Wire w(OcppVersion::V16);
    std::optional<CallOutcome> out;
    w.endpoint.call(QStringLiteral("ClearCache"), {}, [&](const CallOutcome &o) { out = o; });
    w.endpoint.receive(frameFor(4, w.last().at(1).toString(), R"("OccurenceConstraintViolation","bad",{"x":1})"));
    QVERIFY(out);
    QCOMPARE(out->status, CallOutcome::Status::CallError);
    QCOMPARE(parseErrorCode(out->errorCode), RpcErrorCode::OccurrenceConstraintViolation);
    QCOMPARE(out->errorDetails[QStringLiteral("x")].toInt(), 1);
    QVERIFY(out->describe().contains(QStringLiteral("bad")));
}

void TestRpcEndpoint::invalidResponseIsReported_data()
{
    QTest::addColumn<OcppVersion>("version");
    QTest::addColumn<int>("framesAfter");
    QTest::newRow("2.0.1") << OcppVersion::V201 << 1;
    QTest::newRow("2.1 answers CALLRESULTERROR") << OcppVersion::V21 << 2;
}

void TestRpcEndpoint::invalidResponseIsReported()
{
    QFETCH(OcppVersion, version);
    QFETCH(int, framesAfter);
    Wire w(version);
    std::optional<CallOutcome> out;
    w.endpoint.call(QStringLiteral("ClearCache"), {}, [&](const CallOutcome &o) { out = o; });
    const QByteArray id = w.last().at(1).toString().toUtf8();
    w.endpoint.receive(frameFor(3, QString::fromUtf8(id), R"({"status":"Maybe"})"));
    QVERIFY(out);
    QCOMPARE(out->status, CallOutcome::Status::InvalidResponse);
    QCOMPARE(out->violations.size(), 1);
    QCOMPARE(out->violations.first().path, QStringLiteral("/status"));
    QCOMPARE(w.sent.size(), framesAfter);
    if (framesAfter == 2) {
        QCOMPARE(w.last().at(0).toInt(), 5);
        QCOMPARE(w.last().at(1).toString(), QString::fromUtf8(id));
        QCOMPARE(w.last().at(2).toString(), QStringLiteral("PropertyConstraintViolation"));
    }
    QVERIFY(!w.events.at(1).violations.isEmpty()); // the captured reply carries its verdict
    QCOMPARE(w.checkSent(), QString());
}

void TestRpcEndpoint::malformedReplyEndsTheCall()
{
    Wire w(OcppVersion::V201);
    std::optional<CallOutcome> out;
    w.endpoint.call(QStringLiteral("ClearCache"), {}, [&](const CallOutcome &o) { out = o; });
    w.endpoint.receive(frameFor(3, w.last().at(1).toString(), R"("Accepted")"));
    QVERIFY(out);
    QCOMPARE(out->status, CallOutcome::Status::MalformedReply);
    QCOMPARE(w.sent.size(), 1); // no CALLERROR in answer to a reply
}

void TestRpcEndpoint::invalidRequestIsNotSent()
{
    Wire w(OcppVersion::V201);
    std::optional<CallOutcome> out;
    w.endpoint.call(QStringLiteral("Reset"), json(R"({"type":"Sometime"})"), [&](const CallOutcome &o) { out = o; });
    QVERIFY(out);
    QCOMPARE(out->status, CallOutcome::Status::InvalidRequest);
    QCOMPARE(out->violations.first().path, QStringLiteral("/type"));
    out.reset();
    w.endpoint.call(QStringLiteral("NotifyPeriodicEventStream"), {}, [&](const CallOutcome &o) { out = o; });
    QVERIFY(out);
    QCOMPARE(out->status, CallOutcome::Status::InvalidRequest);
    QVERIFY(!out->describe().isEmpty());
    QCOMPARE(w.sent.size(), 0);
}

void TestRpcEndpoint::handlerBugBecomesInternalError()
{
    Wire w(OcppVersion::V201);
    w.endpoint.setHandler(QStringLiteral("Heartbeat"), [](const RpcCall &, RpcResponder r) { r.result(json(R"({"time":"now"})")); });
    QSignalSpy problems(&w.endpoint, &RpcEndpoint::problem);
    w.endpoint.receive(R"([2,"h","Heartbeat",{}])");
    QCOMPARE(w.last().at(0).toInt(), 4);
    QCOMPARE(w.last().at(2).toString(), QStringLiteral("InternalError"));
    QCOMPARE(problems.size(), 1);
}

void TestRpcEndpoint::asynchronousHandler()
{
    Wire w(OcppVersion::V16);
    std::optional<RpcResponder> later;
    w.endpoint.setHandler(QStringLiteral("Heartbeat"), [&](const RpcCall &, RpcResponder r) { later = r; });
    w.endpoint.receive(R"([2,"h","Heartbeat",{}])");
    QCOMPARE(w.sent.size(), 0);
    QTimer::singleShot(10, [&] { later->result(json(R"({"currentTime":"2026-01-01T00:00:00Z"})")); });
    QTRY_COMPARE(w.sent.size(), 1);
    QCOMPARE(w.last().at(1).toString(), QStringLiteral("h"));
}

void TestRpcEndpoint::sendNeverWaits()
{
    Wire w(OcppVersion::V21);
    w.endpoint.call(QStringLiteral("ClearCache"), {}, {});
    const QJsonObject payload = json(R"({"id":1,"pending":0,"basetime":"2026-01-01T00:00:00Z","data":[{"t":0,"v":"230.1"}]})");
    const auto id = w.endpoint.send(QStringLiteral("NotifyPeriodicEventStream"), payload);
    QVERIFY2(id.ok(), qPrintable(id.ok() ? QString() : id.error().message));
    QCOMPARE(w.sent.size(), 2); // sent although the CALL is outstanding
    QCOMPARE(w.last().at(0).toInt(), 6);
    QCOMPARE(w.endpoint.queuedCalls(), 1);
    QVERIFY(!w.endpoint.send(QStringLiteral("NotifyPeriodicEventStream"), {}).ok()); // invalid
    QVERIFY(!w.endpoint.send(QStringLiteral("Heartbeat"), {}).ok());                  // not a SEND

    Wire old(OcppVersion::V201);
    QVERIFY(!old.endpoint.send(QStringLiteral("NotifyPeriodicEventStream"), payload).ok());
    QCOMPARE(old.sent.size(), 0);
}

void TestRpcEndpoint::receivedSendIsDispatched()
{
    Wire w(OcppVersion::V21);
    int got = 0;
    w.endpoint.setSendHandler(QStringLiteral("NotifyPeriodicEventStream"), [&](const RpcCall &c) { got = c.payload[QStringLiteral("id")].toInt(); });
    w.endpoint.receive(R"([6,"s","NotifyPeriodicEventStream",{"id":7,"pending":0,"basetime":"2026-01-01T00:00:00Z","data":[{"t":0,"v":"1"}]}])");
    QCOMPARE(got, 7);
    QCOMPARE(w.sent.size(), 0);
}

void TestRpcEndpoint::closeFailsOutstandingCalls()
{
    Wire w(OcppVersion::V201);
    QList<CallOutcome::Status> statuses;
    for (int i = 0; i < 3; ++i)
        w.endpoint.call(QStringLiteral("ClearCache"), {}, [&](const CallOutcome &o) { statuses << o.status; });
    w.endpoint.close(QStringLiteral("test"));
    QCOMPARE(statuses, QList<CallOutcome::Status>(3, CallOutcome::Status::Closed));
    std::optional<CallOutcome> after;
    w.endpoint.call(QStringLiteral("ClearCache"), {}, [&](const CallOutcome &o) { after = o; });
    QCOMPARE(after->status, CallOutcome::Status::Closed);
    QCOMPARE(w.sent.size(), 1);
}

void TestRpcEndpoint::resultErrorSignal()
{
    Wire w(OcppVersion::V21);
    QSignalSpy spy(&w.endpoint, &RpcEndpoint::resultErrorReceived);
    w.endpoint.receive(R"([5,"r","FormatViolation","your result was bad",{}])");
    QCOMPARE(spy.size(), 1);
    QCOMPARE(w.sent.size(), 0);
}

QTEST_GUILESS_MAIN(TestRpcEndpoint)
#include "tst_rpcendpoint.moc"
