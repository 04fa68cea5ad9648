#include "serialcommands.h"

#include "clicommand.h"
#include "hardwareclientfactory.h"
#include "modbus/modbusclient.h"
#include "modbus/registerprofile.h"
#include "link/serialportlister.h"
#include "rapi/rapiclient.h"
#include "signalwatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

#include <memory>
#include <optional>
#include <variant>

namespace cb::cli {

namespace {

using namespace cb::serial;

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::cli)
};

void printJson(const QJsonObject &o, QJsonDocument::JsonFormat format)
{
    out() << QString::fromUtf8(QJsonDocument(o).toJson(format)).trimmed() << Qt::endl;
}

void addConnectionOptions(QCommandLineParser &p)
{
    p.addOption({QStringLiteral("port"), Text::tr("Serial port: name (ttyUSB0, COM3), path, or USB id vid:pid."), Text::tr("port")});
    p.addOption({QStringLiteral("protocol"), Text::tr("rapi, or modbus:PROFILE (see \"serial profiles\") or modbus:FILE.json."),
                 Text::tr("protocol")});
    p.addOption({QStringLiteral("baud"), Text::tr("Baud rate (default: the protocol's or profile's)."), Text::tr("rate")});
    p.addOption({QStringLiteral("framing"), Text::tr("Data bits, parity, stop bits, e.g. 8N1 or 8E1."), Text::tr("framing")});
    p.addOption({QStringLiteral("flow"), Text::tr("Flow control: none, hardware or software."), Text::tr("flow")});
    p.addOption({QStringLiteral("id"), Text::tr("Modbus server id (default: the profile's)."), Text::tr("id")});
    p.addOption({QStringLiteral("timeout"), Text::tr("Reply timeout in milliseconds."), Text::tr("ms")});
    p.addOption({QStringLiteral("retries"), Text::tr("Modbus: extra attempts after a timeout or CRC error, 0-5 (default: the profile's)."),
                 Text::tr("n")});
    p.addOption({QStringLiteral("trace"), Text::tr("Print every byte sent and received on standard error, as on the wire.")});
}

// Builds and opens the client the options describe; failures are printed, with the exit code.
std::variant<std::unique_ptr<HardwareClient>, int> openClient(const QCommandLineParser &p)
{
    const QString protocol = p.value(QStringLiteral("protocol"));
    QString port = p.value(QStringLiteral("port"));
    if (protocol.isEmpty() || port.isEmpty()) {
        err() << Text::tr("Give --port and --protocol (rapi or modbus:PROFILE).") << Qt::endl;
        return Usage;
    }
    // A USB id picks the adapter wherever the system enumerated it.
    if (!port.contains(QLatin1Char('/')) && port.contains(QLatin1Char(':'))) {
        const auto found = SerialPortLister::find(port);
        if (!found) {
            err() << Text::tr("No serial port with USB id %1. Run \"chargebench-cli serial list\".").arg(port) << Qt::endl;
            return Failure;
        }
        port = found->systemLocation;
    }
    auto settings = HardwareClientFactory::defaultSettings(protocol, port);
    auto client = HardwareClientFactory::create(protocol);
    if (!client || !settings) {
        err() << (client ? settings.error() : client.error()).text() << Qt::endl;
        return Usage;
    }
    SerialSettings s = settings.value();
    if (p.isSet(QStringLiteral("baud"))) {
        bool ok = false;
        s.baudRate = p.value(QStringLiteral("baud")).toInt(&ok);
        if (!ok || s.baudRate <= 0) {
            err() << Text::tr("--baud must be a positive number, e.g. 9600.") << Qt::endl;
            return Usage;
        }
    }
    if (p.isSet(QStringLiteral("framing"))) {
        if (auto st = s.setFraming(p.value(QStringLiteral("framing"))); !st) {
            err() << st.error().text() << Qt::endl;
            return Usage;
        }
    }
    if (p.isSet(QStringLiteral("flow"))) {
        if (auto st = s.setFlowControl(p.value(QStringLiteral("flow"))); !st) {
            err() << st.error().text() << Qt::endl;
            return Usage;
        }
    }
    std::optional<int> timeout;
    if (p.isSet(QStringLiteral("timeout"))) {
        bool ok = false;
        timeout = p.value(QStringLiteral("timeout")).toInt(&ok);
        if (!ok || *timeout < 10) {
            err() << Text::tr("--timeout is in milliseconds, at least 10.") << Qt::endl;
            return Usage;
        }
    }
    auto c = std::move(client).value();
    if (auto *m = qobject_cast<ModbusClient *>(c.get())) {
        if (p.isSet(QStringLiteral("id"))) {
            bool ok = false;
            const int id = p.value(QStringLiteral("id")).toInt(&ok);
            if (!ok || id < 1 || id > 247) {
                err() << Text::tr("--id must be a Modbus server id 1-247.") << Qt::endl;
                return Usage;
            }
            m->setServerId(id);
        }
        if (timeout)
            m->setTimeout(std::chrono::milliseconds(*timeout));
        if (p.isSet(QStringLiteral("retries"))) {
            bool ok = false;
            const int retries = p.value(QStringLiteral("retries")).toInt(&ok);
            if (!ok || retries < 0 || retries > 5) {
                err() << Text::tr("--retries must be 0-5.") << Qt::endl;
                return Usage;
            }
            m->setRetries(retries);
        }
    } else if (auto *r = qobject_cast<RapiClient *>(c.get())) {
        if (timeout)
            r->setCommandTimeout(std::chrono::milliseconds(*timeout));
    }
    if (p.isSet(QStringLiteral("trace"))) {
        QObject::connect(c.get(), &HardwareClient::bytesLogged, [](const ByteLogEntry &e) {
            err() << e.directionName() << QStringLiteral("  ") << e.hex() << QStringLiteral("  |") << e.text()
                  << QStringLiteral("|") << (e.note.isEmpty() ? QString() : QStringLiteral("  (") + e.note + QStringLiteral(")"))
                  << Qt::endl;
        });
    }
    if (auto st = c->open(s); !st) {
        err() << st.error().text() << Qt::endl;
        return Failure;
    }
    return c;
}

int runList(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(Text::tr("List the serial ports of this computer with their USB ids."));
    p.addHelpOption();
    p.addOption({QStringLiteral("json"), Text::tr("Print JSON.")});
    p.process(args);
    const auto ports = SerialPortLister::availablePorts();
    if (p.isSet(QStringLiteral("json"))) {
        QJsonArray a;
        for (const auto &d : ports)
            a.append(d.toJson());
        out() << QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Indented)).trimmed() << Qt::endl;
        return Ok;
    }
    if (ports.isEmpty()) {
        out() << Text::tr("No serial ports found. Plug in the service cable; on Linux check dmesg for the adapter.") << Qt::endl;
        return Ok;
    }
    for (const auto &d : ports) {
        out() << d.systemLocation.leftJustified(18) << QLatin1Char(' ')
              << (d.usbId().isEmpty() ? QStringLiteral("-") : d.usbId()).leftJustified(10) << QLatin1Char(' ')
              << d.manufacturer << (d.manufacturer.isEmpty() ? QString() : QStringLiteral(" ")) << d.description
              << (d.serialNumber.isEmpty() ? QString() : QStringLiteral(" (") + d.serialNumber + QLatin1Char(')'))
              << Qt::endl;
    }
    return Ok;
}

int runProfiles(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(Text::tr("List the built-in Modbus register profiles."));
    p.addHelpOption();
    p.process(args);
    for (const QString &id : modbus::RegisterProfile::builtinIds()) {
        const auto profile = modbus::RegisterProfile::load(id);
        if (!profile) {
            err() << profile.error().text() << Qt::endl;
            return Failure;
        }
        const auto &pr = profile.value();
        out() << QStringLiteral("modbus:") << id << QStringLiteral("  ") << pr.name << QStringLiteral(" (")
              << pr.serial.baudRate << QLatin1Char(' ') << pr.serial.framing() << Text::tr(", server id %1").arg(pr.serverId)
              << QStringLiteral(")") << Qt::endl;
        for (const auto &w : pr.writes)
            out() << QStringLiteral("    ") << Text::tr("writable %1: %2").arg(w.name, w.describeBounds()) << Qt::endl;
    }
    return Ok;
}

int runRead(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(Text::tr("Read the controller's hardware state once and print it as JSON."));
    p.addHelpOption();
    addConnectionOptions(p);
    p.process(args);
    auto opened = openClient(p);
    if (auto *code = std::get_if<int>(&opened))
        return *code;
    auto client = std::move(std::get<0>(opened));

    QEventLoop loop;
    bool ok = false;
    QString problem;
    QObject::connect(client.get(), &HardwareClient::refreshFinished, &loop, [&](bool success, const QString &text) {
        ok = success;
        problem = text;
        loop.quit();
    });
    client->refresh();
    loop.exec();
    if (!ok) {
        err() << Text::tr("No reading from %1: %2").arg(p.value(QStringLiteral("port")), problem) << Qt::endl;
        return Failure;
    }
    if (!problem.isEmpty())
        err() << Text::tr("Partial reading: %1").arg(problem) << Qt::endl;
    printJson(client->state().toJson(), QJsonDocument::Indented);
    client->close();
    return Ok;
}

int runWatch(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(Text::tr("Poll the controller and print one JSON line per change, until Ctrl-C, "
                                   "--count lines or --seconds."));
    p.addHelpOption();
    addConnectionOptions(p);
    p.addOption({QStringLiteral("interval"), Text::tr("Poll interval in milliseconds (default 500)."), Text::tr("ms"), QStringLiteral("500")});
    p.addOption({QStringLiteral("count"), Text::tr("Stop after this many lines."), Text::tr("n")});
    p.addOption({QStringLiteral("seconds"), Text::tr("Stop after this many seconds."), Text::tr("s")});
    p.process(args);
    bool ok = false;
    const int interval = p.value(QStringLiteral("interval")).toInt(&ok);
    if (!ok || interval < 0) {
        err() << Text::tr("--interval is in milliseconds.") << Qt::endl;
        return Usage;
    }
    int count = 0;
    if (p.isSet(QStringLiteral("count")) && ((count = p.value(QStringLiteral("count")).toInt(&ok)), !ok || count < 1)) {
        err() << Text::tr("--count must be a positive number.") << Qt::endl;
        return Usage;
    }
    double seconds = 0;
    if (p.isSet(QStringLiteral("seconds")) && ((seconds = p.value(QStringLiteral("seconds")).toDouble(&ok)), !ok || seconds <= 0)) {
        err() << Text::tr("--seconds must be a positive number.") << Qt::endl;
        return Usage;
    }
    auto opened = openClient(p);
    if (auto *code = std::get_if<int>(&opened))
        return *code;
    auto client = std::move(std::get<0>(opened));

    QEventLoop loop;
    std::optional<HardwareState> last;
    int printed = 0;
    QObject::connect(client.get(), &HardwareClient::stateUpdated, &loop, [&](const HardwareState &s) {
        if (last && last->sameReading(s))
            return;
        last = s;
        printJson(s.toJson(), QJsonDocument::Compact);
        if (count > 0 && ++printed >= count)
            loop.quit();
    });
    QObject::connect(client.get(), &HardwareClient::refreshFinished, &loop, [&](bool success, const QString &text) {
        if (!success || !text.isEmpty())
            err() << text << Qt::endl;
    });
    QObject::connect(client.get(), &HardwareClient::linkLost, &loop, [](const QString &reason) {
        err() << reason << QLatin1Char(' ') << Text::tr("Waiting for the port to come back...") << Qt::endl;
    });
    QObject::connect(client.get(), &HardwareClient::linkRestored, &loop, [] { err() << Text::tr("Serial link restored.") << Qt::endl; });
    SignalWatcher signals_;
    QObject::connect(&signals_, &SignalWatcher::terminationRequested, &loop, &QEventLoop::quit);
    QTimer deadline;
    if (seconds > 0) {
        deadline.setSingleShot(true);
        QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
        deadline.start(std::chrono::milliseconds(qint64(seconds * 1000)));
    }
    client->startPolling(std::chrono::milliseconds(interval));
    loop.exec();
    client->stopPolling();
    client->close();
    return last ? Ok : Failure;
}

} // namespace

int runSerial(const QStringList &args)
{
    const QString sub = args.size() > 1 ? args.at(1) : QString();
    QStringList rest = args;
    if (!sub.isEmpty() && !sub.startsWith(QLatin1Char('-'))) {
        rest[0] = args.at(0) + QLatin1Char(' ') + sub;
        rest.removeAt(1);
    }
    if (sub == QLatin1String("list"))
        return runList(rest);
    if (sub == QLatin1String("profiles"))
        return runProfiles(rest);
    if (sub == QLatin1String("read"))
        return runRead(rest);
    if (sub == QLatin1String("watch"))
        return runWatch(rest);
    auto &e = err();
    if (!sub.isEmpty() && sub != QLatin1String("--help") && sub != QLatin1String("-h"))
        e << Text::tr("Unknown serial command \"%1\".").arg(sub) << Qt::endl;
    e << Text::tr("Usage: chargebench-cli serial list|profiles|read|watch [options]; add --help for the options.") << Qt::endl
      << Text::tr("  list      serial ports with USB vendor:product ids") << Qt::endl
      << Text::tr("  profiles  built-in Modbus register profiles") << Qt::endl
      << Text::tr("  read      read the hardware state once, as JSON") << Qt::endl
      << Text::tr("  watch     print one JSON line per hardware change") << Qt::endl;
    return sub.isEmpty() || sub == QLatin1String("--help") || sub == QLatin1String("-h") ? Ok : Usage;
}

} // namespace cb::cli
