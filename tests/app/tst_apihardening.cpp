// The automation API against hostile or careless clients, over real loopback sockets: bodies,
// heads and Range headers that would exhaust memory are refused with the server's memory bounded
// while well-behaved requests are still served; the token file is private and never printed;
// stopping never waits for a station that does not answer.
#include "apihttp.h"
#include "api/apitoken.h"
#include "transport/stationclient.h"
#include "workspace/workspace.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <future>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace cb;
using namespace std::chrono_literals;

namespace {

constexpr qint64 kMiB = 1024 * 1024;

// Kilobytes from /proc/self/status ("VmRSS", "VmHWM").
qint64 statusKb(const char *field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(qstrlen(field) + 1).trimmed().split(' ').first().toLongLong();
    return -1;
}

// Starts peak-RSS accounting afresh (Linux 4.0+), so VmHWM afterwards is the peak of what follows.
bool resetPeakRss()
{
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    return f.open(QIODevice::WriteOnly) && f.write("5") == 1;
}

struct Exchange
{
    QByteArray response;
    qint64 sent = 0;
    bool reset = false; // the server dropped the connection while we were sending
    int status() const
    {
        static const QRegularExpression line(QStringLiteral("^HTTP/1\\.1 (\\d{3}) "));
        const auto m = line.match(QString::fromLatin1(response.left(64)));
        return m.hasMatch() ? m.captured(1).toInt() : 0;
    }
    QByteArray body() const { return response.mid(response.indexOf("\r\n\r\n") + 4); }
};

// A raw client: sends `head`, then `chunk` again and again until `total` body bytes are sent, and
// reads whatever the server answers meanwhile, until the server closes (or 20 s pass).
Exchange exchange(quint16 port, const QByteArray &head, const QByteArray &chunk, qint64 total)
{
    Exchange x;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr *>(&a), sizeof(a)) != 0) {
        if (fd >= 0)
            ::close(fd);
        return x;
    }
    QByteArray pending = head;
    qint64 body = -qint64(head.size());
    bool writing = true;
    char buffer[65536];
    const auto until = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < until) {
        if (writing && pending.isEmpty()) {
            if (body >= total)
                writing = false;
            else
                pending = chunk;
        }
        pollfd p{fd, short(POLLIN | (writing ? POLLOUT : 0)), 0};
        if (::poll(&p, 1, 200) < 0)
            break;
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            const ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
            if (n > 0) {
                x.response.append(buffer, n);
                continue;
            }
            x.reset = n < 0;
            break;
        }
        if (writing && (p.revents & POLLOUT)) {
            const ssize_t n = ::send(fd, pending.constData(), size_t(pending.size()), MSG_NOSIGNAL);
            if (n < 0) {
                x.reset = true;
                writing = false;
                continue;
            }
            x.sent += n;
            body += n;
            pending.remove(0, n);
        }
    }
    ::close(fd);
    return x;
}

using Reply = test::ApiReply;

Reply http(QNetworkAccessManager &nam, const QUrl &url, const QByteArray &token, const QByteArray &postBody = {}, bool post = false)
{
    return test::apiRequest(nam, url, token, postBody, post);
}

} // namespace

class TestApiHardening : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void hostileRequestsAreRefusedWithMemoryBounded_data();
    void hostileRequestsAreRefusedWithMemoryBounded();
    void longHeadersAreRefused();
    void overlappingRangesAreServedWhole();
    void tokenFile();
    void serveCreatesAPrivateTokenFileAndNeverPrintsIt_data();
    void serveCreatesAPrivateTokenFileAndNeverPrintsIt();
    void stopDoesNotWaitForPendingCalls_data();
    void stopDoesNotWaitForPendingCalls();

private:
    QUrl api(const QString &path) const { return QUrl(m_ws->apiUrl()).resolved(QUrl(path)); }
    quint16 apiPort() const { return quint16(QUrl(m_ws->apiUrl()).port()); }
    QByteArray authorization() const { return "Authorization: Bearer " + m_ws->apiToken() + "\r\n"; }
    void connectStation(const QString &identity);

    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    std::unique_ptr<StationClient> m_station;
    std::vector<RpcResponder> m_held; // calls the station never answers
    bool m_resetAsked = false;
    QNetworkAccessManager m_nam;
};

void TestApiHardening::init()
{
    WorkspaceConfig cfg;
    cfg.server.address = QHostAddress::LocalHost;
    cfg.server.port = 0;
    cfg.server.profile = SecurityProfile::None;
    cfg.databasePath = m_dir.filePath(QStringLiteral("hardening.sqlite"));
    cfg.apiEnabled = true;
    cfg.apiPort = 0;
    m_ws = std::make_unique<Workspace>();
    const auto started = m_ws->start(cfg);
    QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().text()));
}

void TestApiHardening::cleanup()
{
    m_station.reset();
    m_held.clear();
    m_resetAsked = false;
    m_ws.reset();
}

void TestApiHardening::connectStation(const QString &identity)
{
    m_station = std::make_unique<StationClient>();
    connect(m_station.get(), &StationClient::endpointCreated, this, [this](RpcEndpoint *rpc) {
        rpc->setHandler(QStringLiteral("Reset"), [this](const RpcCall &, RpcResponder r) {
            m_held.push_back(std::move(r));
            m_resetAsked = true;
        });
    });
    ClientConfig cc;
    cc.baseUrl = QUrl(m_ws->urls().first());
    cc.identity = identity;
    cc.versions = {OcppVersion::V201};
    QSignalSpy up(m_station.get(), &StationClient::connected);
    m_station->open(cc);
    QVERIFY(up.wait(20000));
    QTRY_VERIFY_WITH_TIMEOUT(m_ws->liveStation(identity).has_value(), 20000);
}

void TestApiHardening::hostileRequestsAreRefusedWithMemoryBounded_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QByteArray>("chunk");
    QTest::addColumn<bool>("authorized");
    QTest::addColumn<int>("status"); // 0: closed without an answer
    const QByteArray post = "POST /api/stations/CP-1/calls HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n";
    const QByteArray data(64 * 1024, 'x');
    QByteArray chunked = QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
    QByteArray headerLines;
    while (headerLines.size() < 64 * 1024)
        headerLines += "X-Padding: 0123456789abcdef0123456789abcdef\r\n";
    QTest::newRow("100 MB body without token") << post + "Content-Length: 104857600\r\n\r\n" << data << false << 401;
    QTest::newRow("100 MB body with token") << post + "Content-Length: 104857600\r\n\r\n" << data << true << 413;
    QTest::newRow("chunked body bomb") << post + "Transfer-Encoding: chunked\r\n\r\n" << chunked << true << 411;
    QTest::newRow("chunked body bomb, GET") << QByteArray("GET /api/stations HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n") + "\r\n"
                                            << chunked << true << 411;
    QTest::newRow("body without length") << post + "\r\n" << data << true << 411;
    QTest::newRow("endless header line") << QByteArray("GET /api/stations HTTP/1.1\r\nX-Endless: ") << data << false << 400;
    QTest::newRow("endless headers") << QByteArray("GET /api/stations HTTP/1.1\r\n") << headerLines << false << 400;
    QTest::newRow("endless request line") << QByteArray("GET /") << data << false << 0;
}

void TestApiHardening::hostileRequestsAreRefusedWithMemoryBounded()
{
    QFETCH(QByteArray, head);
    QFETCH(QByteArray, chunk);
    QFETCH(bool, authorized);
    QFETCH(int, status);
    const qint64 total = 100 * kMiB;
    if (authorized)
        head.insert(head.indexOf("\r\n") + 2, authorization());

    const qint64 before = statusKb("VmRSS:");
    QVERIFY(resetPeakRss());
    QElapsedTimer took;
    took.start();
    auto hostile = std::async(std::launch::async, [port = apiPort(), head, chunk, total] { return exchange(port, head, chunk, total); });

    // Meanwhile a well-behaved client is served at once.
    QElapsedTimer served;
    served.start();
    const Reply good = http(m_nam, api(QStringLiteral("stations")), m_ws->apiToken());
    QCOMPARE(good.status, 200);
    QVERIFY2(served.elapsed() < 1000, qPrintable(QStringLiteral("%1 ms").arg(served.elapsed())));

    QTRY_VERIFY_WITH_TIMEOUT(hostile.wait_for(0s) == std::future_status::ready, 30000);
    const Exchange x = hostile.get();
    const qint64 peakGrowthKb = statusKb("VmHWM:") - before;
    // Refused early: most of the 100 MB was never taken from the client.
    QVERIFY2(x.sent < 16 * kMiB, qPrintable(QStringLiteral("sent %1 bytes").arg(x.sent)));
    QVERIFY2(took.elapsed() < 10000, qPrintable(QStringLiteral("%1 ms").arg(took.elapsed())));
    QVERIFY2(peakGrowthKb < 32 * 1024, qPrintable(QStringLiteral("peak RSS grew by %1 KiB").arg(peakGrowthKb)));
    // The refusal is readable unless the server's reset overtook it.
    QVERIFY2(x.status() == status || (x.reset && x.response.isEmpty()),
             qPrintable(QStringLiteral("got %1 (reset %2): %3").arg(x.status()).arg(x.reset).arg(QString::fromLatin1(x.response.left(300)))));
    if (status == 401 && !x.response.isEmpty())
        QVERIFY(x.body().contains("Bearer"));
}

void TestApiHardening::longHeadersAreRefused()
{
    // One header over httplib's 8 KiB line limit, and a head over the 64 KiB budget in lines of 4 KiB.
    QNetworkRequest one(api(QStringLiteral("stations")));
    one.setRawHeader("Authorization", "Bearer " + m_ws->apiToken());
    one.setRawHeader("X-Long", QByteArray(16 * 1024, 'a'));
    QNetworkReply *r = m_nam.get(one);
    QSignalSpy done(r, &QNetworkReply::finished);
    QVERIFY(done.wait(10000));
    QCOMPARE(r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 400);
    r->deleteLater();

    QNetworkRequest many(api(QStringLiteral("stations")));
    many.setRawHeader("Authorization", "Bearer " + m_ws->apiToken());
    for (int i = 0; i < 20; ++i)
        many.setRawHeader("X-Pad-" + QByteArray::number(i), QByteArray(4000, 'b'));
    r = m_nam.get(many);
    QSignalSpy manyDone(r, &QNetworkReply::finished);
    QVERIFY(manyDone.wait(10000));
    QCOMPARE(r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 400);
    r->deleteLater();

    // The same request with short headers is fine.
    QCOMPARE(http(m_nam, api(QStringLiteral("stations")), m_ws->apiToken()).status, 200);
}

void TestApiHardening::overlappingRangesAreServedWhole()
{
    const Exchange plain = exchange(apiPort(), "GET /api/openapi.json HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n", {}, 0);
    QCOMPARE(plain.status(), 200);
    const qint64 size = plain.body().size();
    QVERIFY(size > 10000);

    // ~2700 ranges, each the whole document: httplib would build a multipart body of them all.
    QByteArray ranges = "bytes=0-";
    while (ranges.size() < 8000)
        ranges += ",0-";
    const qint64 before = statusKb("VmRSS:");
    QVERIFY(resetPeakRss());
    const Exchange x = exchange(apiPort(), "GET /api/openapi.json HTTP/1.1\r\nHost: test\r\nConnection: close\r\nRange: " + ranges + "\r\n\r\n", {}, 0);
    const qint64 peakGrowthKb = statusKb("VmHWM:") - before;
    QCOMPARE(x.status(), 200);
    QCOMPARE(x.body().size(), size);
    QVERIFY2(peakGrowthKb < 32 * 1024, qPrintable(QStringLiteral("peak RSS grew by %1 KiB").arg(peakGrowthKb)));
}

void TestApiHardening::tokenFile()
{
    const QString path = m_dir.filePath(QStringLiteral("unit-token.txt"));
    QFile::remove(path);
    const auto made = loadOrCreateApiToken(path);
    QVERIFY(made.ok());
    QVERIFY(made.value().created);
    QVERIFY(made.value().token.size() >= 32);
    struct stat st{};
    QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
    QCOMPARE(st.st_mode & 0777, mode_t(0600));

    const auto again = loadOrCreateApiToken(path);
    QVERIFY(again.ok());
    QVERIFY(!again.value().created);
    QCOMPARE(again.value().token, made.value().token);

    QFile empty(m_dir.filePath(QStringLiteral("empty-token.txt")));
    QVERIFY(empty.open(QIODevice::WriteOnly));
    empty.close();
    QVERIFY(!loadOrCreateApiToken(empty.fileName()).ok());
    const auto nowhere = loadOrCreateApiToken(m_dir.filePath(QStringLiteral("no/such/dir/token.txt")));
    QVERIFY(!nowhere.ok());
    QVERIFY(!nowhere.error().hint.isEmpty());

    QVERIFY(apiExposureWarning(QHostAddress::LocalHost).isEmpty());
    QVERIFY(apiExposureWarning(QHostAddress::LocalHostIPv6).isEmpty());
    QVERIFY(!apiExposureWarning(QHostAddress::AnyIPv4).isEmpty());
}

void TestApiHardening::serveCreatesAPrivateTokenFileAndNeverPrintsIt_data()
{
    QTest::addColumn<QString>("api");
    QTest::addColumn<bool>("warns");
    QTest::newRow("loopback") << QStringLiteral("127.0.0.1:0") << false;
    QTest::newRow("every interface") << QStringLiteral("0.0.0.0:0") << true;
}

void TestApiHardening::serveCreatesAPrivateTokenFileAndNeverPrintsIt()
{
    QFETCH(QString, api);
    QFETCH(bool, warns);
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("token.txt"));
    for (int run = 0; run < 2; ++run) { // creates the file, then reads it
        QProcess serve;
        serve.start(QStringLiteral(CHARGEBENCH_CLI),
                    {QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--api"), api,
                     QStringLiteral("--api-token-file"), file, QStringLiteral("--db"), dir.filePath(QStringLiteral("serve.sqlite"))});
        static const QRegularExpression apiLine(QStringLiteral("Automation API: (http://\\S+/api/)"));
        QString out;
        QString errors;
        QString url;
        QVERIFY(QTest::qWaitFor([&] {
            out += QString::fromUtf8(serve.readAllStandardOutput());
            errors += QString::fromUtf8(serve.readAllStandardError());
            if (const auto m = apiLine.match(out); m.hasMatch())
                url = m.captured(1);
            return !url.isEmpty() || serve.state() == QProcess::NotRunning;
        }, 30000));
        QVERIFY2(!url.isEmpty(), qPrintable(out + errors + QString::fromUtf8(serve.readAllStandardError())));

        struct stat st{};
        QCOMPARE(::stat(QFile::encodeName(file).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0600));
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray token = f.readAll().trimmed();
        QVERIFY(token.size() >= 32);
        QCOMPARE(http(m_nam, QUrl(url).resolved(QUrl(QStringLiteral("stations"))), token).status, 200);

        serve.terminate();
        QVERIFY(serve.waitForFinished(30000));
        out += QString::fromUtf8(serve.readAllStandardOutput());
        errors += QString::fromUtf8(serve.readAllStandardError());
        QVERIFY2(!out.contains(QString::fromLatin1(token)) && !errors.contains(QString::fromLatin1(token)), qPrintable(out + errors));
        QVERIFY(out.contains(file));
        QVERIFY2(errors.contains(QStringLiteral("without TLS")) == warns, qPrintable(errors));
    }
}

void TestApiHardening::stopDoesNotWaitForPendingCalls_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("call") << QStringLiteral("stations/HOLD-1/calls")
                          << QByteArray(R"({"action":"Reset","payload":{"type":"Immediate"},"timeoutMs":60000})");
    QTest::newRow("operation") << QStringLiteral("stations/HOLD-1/operations/reset") << QByteArray(R"({"type":"immediate","timeoutMs":60000})");
}

void TestApiHardening::stopDoesNotWaitForPendingCalls()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    connectStation(QStringLiteral("HOLD-1"));
    QNetworkRequest req(api(path));
    req.setRawHeader("Authorization", "Bearer " + m_ws->apiToken());
    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply *r = m_nam.post(req, body);
    QTRY_VERIFY_WITH_TIMEOUT(m_resetAsked, 20000); // the call waits for a station that never answers

    QElapsedTimer took;
    took.start();
    m_ws->stop();
    QVERIFY2(took.elapsed() < 5000, qPrintable(QStringLiteral("%1 ms").arg(took.elapsed())));
    QTRY_VERIFY_WITH_TIMEOUT(r->isFinished(), 5000);
    QCOMPARE(r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 503);
    r->deleteLater();
}

QTEST_GUILESS_MAIN(TestApiHardening)
#include "tst_apihardening.moc"
