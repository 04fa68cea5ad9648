#include "profilecommands.h"

#include "apiclient.h"
#include "clicommand.h"
#include "devicemodel/commissioningprofile.h"
#include "devicemodel/snapshot.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

namespace cb::cli {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::cli)
};

} // namespace

int runProfile(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(Text::tr("Commissioning profiles on a station connected to a running ChargeBench server.\n"
                                   "  apply   write the profile's values, reset once if a value needs a reboot, re-read\n"
                                   "          and report each value; exit status 1 when anything did not verify\n"
                                   "  save    write a profile with every writable value of a stored snapshot\n"
                                   "The server must run with the automation API (chargebench-cli serve --api HOST:PORT).\n"
                                   "--api and --token default to $CHARGEBENCH_API_URL and $CHARGEBENCH_API_TOKEN."));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("action"), Text::tr("apply or save"));
    p.addOption({QStringLiteral("station"), Text::tr("Station identity."), Text::tr("id")});
    p.addOption({QStringLiteral("file"), Text::tr("Profile file (JSON): read by apply, written by save."), Text::tr("file")});
    p.addOption({QStringLiteral("api"), Text::tr("Automation API base URL, e.g. http://127.0.0.1:9001/api/."), Text::tr("url")});
    p.addOption({QStringLiteral("token"), Text::tr("API bearer token."), Text::tr("token")});
    p.addOption({QStringLiteral("token-file"), Text::tr("Read the API bearer token from this file."), Text::tr("file")});
    p.addOption({QStringLiteral("snapshot"), Text::tr("save: the snapshot id (default: the newest)."), Text::tr("id")});
    p.addOption({QStringLiteral("name"), Text::tr("save: the profile's name."), Text::tr("name")});
    p.addOption({QStringLiteral("json"), Text::tr("apply: print the full result report as JSON.")});
    p.process(args);

    const QStringList pos = p.positionalArguments();
    const QString action = pos.value(0);
    if (pos.size() != 1 || (action != QLatin1String("apply") && action != QLatin1String("save")) || !p.isSet(QStringLiteral("station"))
        || !p.isSet(QStringLiteral("file"))) {
        err() << Text::tr("Usage: chargebench-cli profile apply|save --station ID --file F [--api URL --token T]") << Qt::endl;
        return Usage;
    }
    ApiTarget target;
    if (!resolveApiTarget(p.value(QStringLiteral("api")), p.value(QStringLiteral("token")), p.value(QStringLiteral("token-file")), target))
        return Usage;
    const QString api = target.base;
    const QByteArray token = target.token;
    const QString station = p.value(QStringLiteral("station"));
    const QUrl base(api + QStringLiteral("stations/") + QString::fromLatin1(QUrl::toPercentEncoding(station)) + QLatin1Char('/'));

    if (action == QLatin1String("apply")) {
        QFile f(p.value(QStringLiteral("file")));
        if (!f.open(QIODevice::ReadOnly)) {
            err() << Text::tr("Cannot read the profile %1: %2.").arg(f.fileName(), f.errorString()) << Qt::endl;
            return Failure;
        }
        const QByteArray body = f.readAll();
        const auto profile = dm::CommissioningProfile::fromJson(body);
        if (!profile) {
            err() << profile.error().message << Qt::endl << profile.error().hint << Qt::endl;
            return Failure;
        }
        const HttpReply r = apiRequest("POST", base.resolved(QUrl(QStringLiteral("profile"))), token, body);
        if (apiFailed(r))
            return Failure;
        if (p.isSet(QStringLiteral("json")))
            out() << QString::fromUtf8(QJsonDocument(r.body).toJson(QJsonDocument::Indented));
        // The same text as ProfileReport::toText(), built from the JSON the API returned.
        const QJsonArray results = r.body.value(QLatin1String("results")).toArray();
        out() << Text::tr("Profile \"%1\" on %2: %3 of %4 values verified%5.")
                     .arg(r.body.value(QLatin1String("profile")).toString().isEmpty()
                              ? QFileInfo(f.fileName()).fileName()
                              : r.body.value(QLatin1String("profile")).toString(),
                          station)
                     .arg(r.body.value(QLatin1String("verifiedCount")).toInt())
                     .arg(results.size())
                     .arg(r.body.value(QLatin1String("rebooted")).toBool() ? Text::tr(" (after a reset)") : QString())
              << Qt::endl;
        if (!r.body.value(QLatin1String("problem")).toString().isEmpty())
            out() << r.body.value(QLatin1String("problem")).toString() << Qt::endl;
        for (const QJsonValue &v : results) {
            const dm::WriteItem item = dm::WriteItem::fromJson(v.toObject());
            const QJsonObject o = v.toObject();
            // 1.6 keys written by name carry no component: print the key alone, not ".Key".
            const QString name = item.component.name.isEmpty()
                ? item.variable.displayName()
                : item.component.displayName() + QLatin1Char('.') + item.variable.displayName();
            out() << QStringLiteral("  %1 %2 = \"%3\": %4, %5%6")
                         .arg(o.value(QLatin1String("verified")).toBool() ? QStringLiteral("ok  ") : QStringLiteral("FAIL"),
                              name, item.value,
                              o.value(QLatin1String("status")).toString(), o.value(QLatin1String("verify")).toString(),
                              o.contains(QLatin1String("readBack")) && !o.value(QLatin1String("verified")).toBool()
                                  ? Text::tr(" (station has \"%1\")").arg(o.value(QLatin1String("readBack")).toString())
                                  : QString())
                  << Qt::endl;
        }
        return r.body.value(QLatin1String("allVerified")).toBool() ? Ok : Failure;
    }

    // save
    qint64 id = p.value(QStringLiteral("snapshot")).toLongLong();
    if (id <= 0) {
        const HttpReply list = apiRequest("GET", base.resolved(QUrl(QStringLiteral("snapshots"))), token);
        if (apiFailed(list))
            return Failure;
        const QJsonArray snaps = list.body.value(QLatin1String("snapshots")).toArray();
        for (const QJsonValue &s : snaps)
            if (s.toObject().value(QLatin1String("complete")).toBool()) {
                id = s.toObject().value(QLatin1String("id")).toInteger();
                break;
            }
        if (id <= 0) {
            err() << Text::tr("Station %1 has no complete snapshot.").arg(station) << Qt::endl
                  << Text::tr("Read its device model first (GET /api/stations/%1/devicemodel?refresh=1).").arg(station) << Qt::endl;
            return Failure;
        }
    }
    const HttpReply snap = apiRequest("GET", base.resolved(QUrl(QStringLiteral("snapshots/%1").arg(id))), token);
    if (apiFailed(snap))
        return Failure;
    const dm::Snapshot s = dm::Snapshot::fromJson(snap.body);
    const QString name = p.isSet(QStringLiteral("name")) ? p.value(QStringLiteral("name"))
                                                         : Text::tr("%1 snapshot %2").arg(station).arg(id);
    const dm::CommissioningProfile profile = dm::CommissioningProfile::fromModel(s.model, name);
    QFile f(p.value(QStringLiteral("file")));
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(QJsonDocument(profile.toJson()).toJson(QJsonDocument::Indented)) < 0) {
        err() << Text::tr("Cannot write %1: %2.").arg(f.fileName(), f.errorString()) << Qt::endl;
        return Failure;
    }
    out() << Text::tr("Wrote %1 values of snapshot %2 to %3.").arg(profile.values.size()).arg(id).arg(f.fileName()) << Qt::endl;
    return Ok;
}

} // namespace cb::cli
