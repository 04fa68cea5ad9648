// bench_pcap_import: import throughput of PcapImporter on a generated capture of OCPP 2.0.1
// traffic (many stations interleaved, Ethernet/IPv4/TCP, masked station frames), written as a
// classic pcap so tshark can read the same file for comparison:
//   bench_pcap_import --mb 80 --keep /tmp/ocpp.pcap
//   bench_pcap_import --input /tmp/ocpp.pcap --repeat 3   # import only, best of three
//   time tshark -r /tmp/ocpp.pcap -Y websocket -T fields -e websocket.payload.text > /dev/null
#include "capture/pcapimporter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtEndian>

#include <algorithm>
#include <cstdio>

#include <sys/resource.h>

namespace {

template<typename T>
void put(QByteArray &b, T v, bool big)
{
    char raw[sizeof(T)];
    if (big)
        qToBigEndian(v, raw);
    else
        qToLittleEndian(v, raw);
    b.append(raw, sizeof(T));
}

struct Flow
{
    quint32 station; // IPv4 of the station
    quint16 port;
    quint32 seq[2] = {1000, 5000000}; // [0] station, [1] CSMS
};

class Generator
{
public:
    explicit Generator(QFile &file) : m_file(file)
    {
        QByteArray h;
        put<quint32>(h, 0xa1b2c3d4, false);
        put<quint16>(h, 2, false);
        put<quint16>(h, 4, false);
        put<quint32>(h, 0, false);
        put<quint32>(h, 0, false);
        put<quint32>(h, 262144, false);
        put<quint32>(h, 1, false);
        m_file.write(h);
    }

    void packet(Flow &f, bool fromStation, quint8 flags, const QByteArray &payload)
    {
        QByteArray p;
        p.reserve(54 + payload.size());
        p.append("\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x08\x00", 14);
        p.append(char(0x45)).append(char(0));
        put<quint16>(p, quint16(40 + payload.size()), true);
        put<quint32>(p, 0x4000, true);
        p.append(char(64)).append(char(6));
        put<quint16>(p, 0, true);
        put<quint32>(p, fromStation ? f.station : 0x0a000001, true);
        put<quint32>(p, fromStation ? 0x0a000001 : f.station, true);
        put<quint16>(p, fromStation ? f.port : 9000, true);
        put<quint16>(p, fromStation ? 9000 : f.port, true);
        const int me = fromStation ? 0 : 1;
        put<quint32>(p, f.seq[me], true);
        put<quint32>(p, f.seq[1 - me], true);
        p.append(char(0x50)).append(char(flags));
        put<quint16>(p, 65535, true);
        put<quint32>(p, 0, true);
        p.append(payload);
        f.seq[me] += quint32(payload.size()) + ((flags & 0x03) ? 1 : 0);
        m_clock += 137;
        QByteArray rec;
        put<quint32>(rec, quint32(m_clock / 1000000), false);
        put<quint32>(rec, quint32(m_clock % 1000000), false);
        put<quint32>(rec, quint32(p.size()), false);
        put<quint32>(rec, quint32(p.size()), false);
        m_file.write(rec + p);
    }

    void send(Flow &f, bool fromStation, const QByteArray &data)
    {
        for (qsizetype at = 0; at < data.size(); at += 1448)
            packet(f, fromStation, 0x18, data.mid(at, 1448));
    }

private:
    QFile &m_file;
    qint64 m_clock = 1700000000000000;
};

QByteArray ws(const QByteArray &payload, bool masked)
{
    QByteArray f;
    f.append(char(0x81));
    const char maskBit = masked ? char(0x80) : char(0);
    if (payload.size() < 126) {
        f.append(char(maskBit | char(payload.size())));
    } else {
        f.append(char(maskBit | 126));
        put<quint16>(f, quint16(payload.size()), true);
    }
    if (!masked)
        return f + payload;
    const char key[4] = {0x12, 0x34, 0x56, 0x78};
    f.append(key, 4);
    for (qsizetype i = 0; i < payload.size(); ++i)
        f.append(char(payload[i] ^ key[i % 4]));
    return f;
}

QByteArray meterValues(int n)
{
    return QStringLiteral(R"([2,"m%1","MeterValues",{"evseId":1,"meterValue":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[)"
                          R"({"value":%2,"measurand":"Energy.Active.Import.Register","unitOfMeasure":{"unit":"Wh"}},)"
                          R"({"value":16.1,"measurand":"Current.Import","phase":"L1"},{"value":229.8,"measurand":"Voltage","phase":"L1-N"},)"
                          R"({"value":3680,"measurand":"Power.Active.Import"}]}]}])")
        .arg(n)
        .arg(n * 10)
        .toUtf8();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    p.addOption({QStringLiteral("mb"), QStringLiteral("Capture size to generate, MB."), QStringLiteral("mb"), QStringLiteral("80")});
    p.addOption({QStringLiteral("stations"), QStringLiteral("Interleaved connections."), QStringLiteral("n"), QStringLiteral("50")});
    p.addOption({QStringLiteral("input"), QStringLiteral("Import this capture instead of generating one."), QStringLiteral("file")});
    p.addOption({QStringLiteral("no-validation"), QStringLiteral("Decode only; skip the schema validation of payloads.")});
    p.addOption({QStringLiteral("keep"), QStringLiteral("Write the capture here and keep it."), QStringLiteral("file")});
    p.addOption({QStringLiteral("digest"), QStringLiteral("Print a SHA-1 over every record's fields (to compare builds).")});
    p.addOption({QStringLiteral("faults"), QStringLiteral("Generate broken and unusual frames too (schema violations, bad JSON, unknown ids, "
                                                          "spaced or escaped envelopes), to compare --digest between builds.")});
    p.addOption({QStringLiteral("repeat"), QStringLiteral("Import this many times; the best run is summarised last."), QStringLiteral("n"), QStringLiteral("1")});
    p.process(app);
    const qint64 target = p.value(QStringLiteral("mb")).toLongLong() * 1000 * 1000;
    const int stations = p.value(QStringLiteral("stations")).toInt();
    QTemporaryDir dir;
    const QString path = p.isSet(QStringLiteral("keep")) ? p.value(QStringLiteral("keep")) : dir.filePath(QStringLiteral("bench.pcap"));

    QFile file(p.isSet(QStringLiteral("input")) ? p.value(QStringLiteral("input")) : path);
    if (p.isSet(QStringLiteral("input"))) {
        // Import only.
    } else if (!file.open(QIODevice::WriteOnly)) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(path));
        return 1;
    }
    if (file.isOpen()) {
        Generator g(file);
        std::vector<Flow> flows;
        for (int i = 0; i < stations; ++i) {
            Flow f{0x0a010000u + quint32(i), quint16(40000 + i)};
            g.packet(f, true, 0x02, {});
            g.packet(f, false, 0x12, {});
            g.send(f, true, "GET /ocpp/CS-" + QByteArray::number(i) + " HTTP/1.1\r\nHost: csms\r\nUpgrade: websocket\r\n"
                   "Connection: Upgrade\r\nSec-WebSocket-Key: x\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ocpp2.0.1\r\n\r\n");
            g.send(f, false, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Accept: x\r\nSec-WebSocket-Protocol: ocpp2.0.1\r\n\r\n");
            flows.push_back(f);
        }
        const bool faults = p.isSet(QStringLiteral("faults"));
        for (int n = 0; file.size() < target; ++n) {
            Flow &f = flows[std::size_t(n % stations)];
            if (faults && n % 7 == 3) {
                const QByteArray id = QByteArray::number(n);
                QByteArray call, reply = "[3,\"f" + id + "\",{}]";
                switch ((n / 7) % 9) {
                case 0: call = "[2,\"f" + id + "\",\"MeterValues\",{\"meterValue\":[]}]"; break; // evseId missing
                case 1: call = "[2,\"f" + id + "\",\"MeterValues\",{\"evseId\":1,]"; break;       // not JSON
                case 2: call = "[2,\"f" + id + "\",\"FooBar\",{}]"; break;                          // unknown action
                case 3: call = "[2,\"f" + id + "\",\"Heartbeat\",{}]"; reply = "[3,\"zz" + id + "\",{}]"; break; // unknown id
                case 4: call = "[2, \"f" + id + "\", \"Heartbeat\", {} ]"; break;                     // spaced
                case 5: call = "[2,\"f" + id + "\",\"Heartbeat\",{}]";
                    reply = "[4,\"f" + id + "\",\"InternalError\",\"oops\",{}]"; break;
                case 6: call = meterValues(n).replace("Current.Import", "Current.Bogus"); break;  // enum
                case 7: call = "[2,\"f\\u0041" + id + "\",\"Heartbeat\",{}]"; reply = "[3,\"fA" + id + "\",{\"currentTime\":1}]"; break;
                case 8: call = "[2,\"f" + id + "\",\"Heartbeat\",{\"a\":{\"b\":[1,2,{\"c\":\"\\\"}\"}]}}]"; break;
                }
                g.send(f, true, ws(call, true));
                g.send(f, false, ws(reply, false));
                continue;
            }
            if (n % 10 == 0) {
                g.send(f, true, ws(QStringLiteral(R"([2,"h%1","Heartbeat",{}])").arg(n).toUtf8(), true));
                g.send(f, false, ws(QStringLiteral(R"([3,"h%1",{"currentTime":"2026-01-01T00:00:00Z"}])").arg(n).toUtf8(), false));
            } else {
                g.send(f, true, ws(meterValues(n), true));
                g.send(f, false, ws(QStringLiteral(R"([3,"m%1",{}])").arg(n).toUtf8(), false));
            }
        }
    }
    file.close();
    const QString input = file.fileName();
    const double mb = double(QFile(input).size()) / 1e6;

    cb::PcapImporter importer;
    importer.setValidatePayloads(!p.isSet(QStringLiteral("no-validation")));
    // CPU time of the whole process (the import runs on two threads): on a shared, loaded machine
    // it is the figure to compare; elapsed time depends on what else runs.
    const auto cpuSeconds = [] {
        rusage u{};
        getrusage(RUSAGE_SELF, &u);
        return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
    };
    const int repeat = std::max(1, p.value(QStringLiteral("repeat")).toInt());
    double bestWall = 0, bestCpu = 0;
    qint64 frames = 0, problems = 0;
    for (int run = 0; run < repeat; ++run) {
        frames = problems = 0;
        const double cpuBefore = cpuSeconds();
        QElapsedTimer t;
        t.start();
        QCryptographicHash digest(QCryptographicHash::Sha1);
        const bool withDigest = p.isSet(QStringLiteral("digest"));
        auto r = importer.import(input, [&](cb::CaptureRecord &&f) {
            ++frames;
            problems += f.problem.isEmpty() ? 0 : 1;
            if (withDigest) {
                const QString fields = QStringLiteral("%1|%2|%3|%4|%5|%6|%7|%8|%9|")
                                           .arg(int(f.kind))
                                           .arg(f.timestampUs)
                                           .arg(f.stationId)
                                           .arg(f.connectionId)
                                           .arg(int(f.outgoing))
                                           .arg(f.messageType)
                                           .arg(f.messageId, f.action, f.problem);
                digest.addData(fields.toUtf8());
                digest.addData(f.data);
            }
        });
        if (withDigest && run == 0)
            std::printf("digest %s\n", digest.result().toHex().constData());
        const double s = double(t.nsecsElapsed()) / 1e9;
        const double cpu = cpuSeconds() - cpuBefore;
        if (!r) {
            std::fprintf(stderr, "%s\n", qPrintable(r.error().message));
            return 1;
        }
        if (run == 0)
            std::printf("capture %.1f MB, %lld records (%lld problems), %d connections\n", mb, frames, problems, r.value().connections);
        if (repeat > 1)
            std::printf("run %d: %.2f s elapsed, %.2f s CPU\n", run + 1, s, cpu);
        bestWall = run == 0 ? s : std::min(bestWall, s);
        bestCpu = run == 0 ? cpu : std::min(bestCpu, cpu);
    }
    const char *best = repeat > 1 ? " (best run)" : "";
    std::printf("import %.2f s%s: %.1f MB/s, %.0f frames/s\n", bestWall, best, mb / bestWall, double(frames) / bestWall);
    std::printf("import CPU %.2f s%s (user+system, all threads): %.1f MB per CPU-second\n", bestCpu, best, mb / bestCpu);
    if (p.isSet(QStringLiteral("keep")))
        std::printf("kept %s\n", qPrintable(path));
    return problems == 0 ? 0 : 1;
}
