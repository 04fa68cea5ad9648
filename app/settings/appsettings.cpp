#include "appsettings.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSettings>

Q_LOGGING_CATEGORY(lcSettings, "chargebench.settings")

namespace cb {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::AppSettings)
};

// Keys of the settings file. Renaming one loses the user's value, so they stay as they are.
namespace key {
const auto listenAddress = QStringLiteral("server/address");
const auto listenPort = QStringLiteral("server/port");
const auto versions = QStringLiteral("server/versions");
const auto admission = QStringLiteral("server/admission");
const auto knownIdentities = QStringLiteral("server/knownIdentities");
const auto allowedOrigins = QStringLiteral("server/allowedOrigins");
const auto pingInterval = QStringLiteral("server/pingIntervalMs");
const auto maxFrameBytes = QStringLiteral("server/maxFrameBytes");
const auto profile = QStringLiteral("security/profile");
const auto certificate = QStringLiteral("security/certificateFile");
const auto privateKey = QStringLiteral("security/keyFile");
const auto ca = QStringLiteral("security/caFile");
const auto authorize = QStringLiteral("behaviour/authorize");
const auto allowList = QStringLiteral("behaviour/allowList");
const auto bootStatus = QStringLiteral("behaviour/bootStatus");
const auto heartbeat = QStringLiteral("behaviour/heartbeatIntervalS");
const auto responseTimeout = QStringLiteral("behaviour/responseTimeoutMs");
const auto fetchReportAfterBoot = QStringLiteral("behaviour/fetchReportAfterBoot");
const auto hardwarePoll = QStringLiteral("behaviour/hardwarePollIntervalMs");
const auto retention = QStringLiteral("capture/retentionDays");
const auto keepSecrets = QStringLiteral("capture/keepSecrets");
const auto database = QStringLiteral("capture/databasePath");
const auto apiEnabled = QStringLiteral("api/enabled");
const auto apiAddress = QStringLiteral("api/address");
const auto apiPort = QStringLiteral("api/port");
const auto geometry = QStringLiteral("window/geometry");
const auto state = QStringLiteral("window/state");
const auto lastStation = QStringLiteral("window/lastStation");
} // namespace key

// A stored number outside its range (hand-edited file, older version) falls back to the default
// rather than starting a server with nonsense.
qint64 number(QSettings &s, const QString &k, qint64 fallback, qint64 min, qint64 max)
{
    if (!s.contains(k))
        return fallback;
    bool ok = false;
    const qint64 v = s.value(k).toLongLong(&ok);
    if (!ok || v < min || v > max) {
        qCWarning(lcSettings) << "ignoring" << k << "=" << s.value(k) << "outside" << min << ".." << max;
        return fallback;
    }
    return v;
}

QString authorizeName(CsmsPolicy::Authorize a)
{
    switch (a) {
    case CsmsPolicy::Authorize::AcceptAll: return QStringLiteral("AcceptAll");
    case CsmsPolicy::Authorize::AllowList: return QStringLiteral("AllowList");
    case CsmsPolicy::Authorize::RejectAll: return QStringLiteral("RejectAll");
    }
    return {};
}

QStringList cleaned(const QStringList &list)
{
    QStringList out;
    for (const QString &s : list) {
        const QString t = s.trimmed();
        if (!t.isEmpty() && !out.contains(t))
            out << t;
    }
    return out;
}

} // namespace

QString AppSettings::addressText(const QHostAddress &a)
{
    if (a == QHostAddress(QHostAddress::Any))
        return QStringLiteral("any");
    return a.toString();
}

QHostAddress AppSettings::addressFromText(const QString &text, const QHostAddress &fallback)
{
    const QString t = text.trimmed();
    if (t.compare(QLatin1String("any"), Qt::CaseInsensitive) == 0 || t == QLatin1String("*"))
        return QHostAddress(QHostAddress::Any);
    if (t.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return QHostAddress(QHostAddress::LocalHost);
    QHostAddress a;
    return a.setAddress(t) ? a : fallback;
}

AppSettings AppSettings::load()
{
    QSettings s(QStringLiteral("ChargeBench"), QStringLiteral("ChargeBench"));
    return load(s);
}

AppSettings AppSettings::load(QSettings &s)
{
    AppSettings a;
    a.m_listenAddress = addressFromText(s.value(key::listenAddress).toString(), a.m_listenAddress);
    a.m_listenPort = quint16(number(s, key::listenPort, a.m_listenPort, 1, 65535));
    if (s.contains(key::versions)) {
        QList<OcppVersion> versions;
        for (const QString &name : s.value(key::versions).toStringList())
            if (const auto v = parseVersion(name); v && !versions.contains(*v))
                versions << *v;
        a.m_versions = versions; // an empty list is the user's choice; problems() reports it
    }
    a.m_admission = s.value(key::admission).toString() == QLatin1String("KnownOnly") ? Admission::KnownOnly
                                                                                     : Admission::AnyIdentity;
    a.m_knownIdentities = cleaned(s.value(key::knownIdentities).toStringList());
    a.m_allowedOrigins = cleaned(s.value(key::allowedOrigins).toStringList());
    a.m_pingInterval = std::chrono::milliseconds(number(s, key::pingInterval, a.m_pingInterval.count(), 0, 3600000));
    a.m_maxFrameBytes = number(s, key::maxFrameBytes, a.m_maxFrameBytes, 1024, qint64(256) * 1024 * 1024);

    a.m_profile = SecurityProfile(number(s, key::profile, int(a.m_profile), 0, 3));
    a.m_certificateFile = s.value(key::certificate).toString();
    a.m_keyFile = s.value(key::privateKey).toString();
    a.m_caFile = s.value(key::ca).toString();

    const QString authorize = s.value(key::authorize).toString();
    for (auto p : {CsmsPolicy::Authorize::AcceptAll, CsmsPolicy::Authorize::AllowList, CsmsPolicy::Authorize::RejectAll})
        if (authorize == authorizeName(p))
            a.m_authorize = p;
    a.m_allowList = cleaned(s.value(key::allowList).toStringList());
    const QString boot = s.value(key::bootStatus).toString();
    if (boot == QLatin1String("Accepted") || boot == QLatin1String("Pending") || boot == QLatin1String("Rejected"))
        a.m_bootStatus = boot;
    a.m_heartbeatIntervalS = int(number(s, key::heartbeat, a.m_heartbeatIntervalS, 1, 7 * 86400));
    a.m_responseTimeout = std::chrono::milliseconds(number(s, key::responseTimeout, a.m_responseTimeout.count(), 1000, 600000));
    a.m_fetchReportAfterBoot = s.value(key::fetchReportAfterBoot, a.m_fetchReportAfterBoot).toBool();
    a.m_hardwarePollInterval = std::chrono::milliseconds(number(s, key::hardwarePoll, a.m_hardwarePollInterval.count(), 0, 3600000));

    a.m_retentionDays = int(number(s, key::retention, a.m_retentionDays, 0, 36500));
    a.m_keepSecrets = s.value(key::keepSecrets, a.m_keepSecrets).toBool();
    a.m_databasePath = s.value(key::database).toString();
    a.m_apiEnabled = s.value(key::apiEnabled, a.m_apiEnabled).toBool();
    a.m_apiAddress = addressFromText(s.value(key::apiAddress).toString(), a.m_apiAddress);
    a.m_apiPort = quint16(number(s, key::apiPort, a.m_apiPort, 1, 65535));

    a.m_windowGeometry = s.value(key::geometry).toByteArray();
    a.m_windowState = s.value(key::state).toByteArray();
    a.m_lastStation = s.value(key::lastStation).toString();
    return a;
}

void AppSettings::save() const
{
    QSettings s(QStringLiteral("ChargeBench"), QStringLiteral("ChargeBench"));
    save(s);
}

void AppSettings::save(QSettings &s) const
{
    s.setValue(key::listenAddress, addressText(m_listenAddress));
    s.setValue(key::listenPort, m_listenPort);
    QStringList versions;
    for (OcppVersion v : m_versions)
        versions << versionName(v);
    s.setValue(key::versions, versions);
    s.setValue(key::admission, m_admission == Admission::KnownOnly ? QStringLiteral("KnownOnly") : QStringLiteral("AnyIdentity"));
    s.setValue(key::knownIdentities, m_knownIdentities);
    s.setValue(key::allowedOrigins, m_allowedOrigins);
    s.setValue(key::pingInterval, qint64(m_pingInterval.count()));
    s.setValue(key::maxFrameBytes, m_maxFrameBytes);

    s.setValue(key::profile, int(m_profile));
    s.setValue(key::certificate, m_certificateFile);
    s.setValue(key::privateKey, m_keyFile);
    s.setValue(key::ca, m_caFile);

    s.setValue(key::authorize, authorizeName(m_authorize));
    s.setValue(key::allowList, m_allowList);
    s.setValue(key::bootStatus, m_bootStatus);
    s.setValue(key::heartbeat, m_heartbeatIntervalS);
    s.setValue(key::responseTimeout, qint64(m_responseTimeout.count()));
    s.setValue(key::fetchReportAfterBoot, m_fetchReportAfterBoot);
    s.setValue(key::hardwarePoll, qint64(m_hardwarePollInterval.count()));

    s.setValue(key::retention, m_retentionDays);
    s.setValue(key::keepSecrets, m_keepSecrets);
    s.setValue(key::database, m_databasePath);
    s.setValue(key::apiEnabled, m_apiEnabled);
    s.setValue(key::apiAddress, addressText(m_apiAddress));
    s.setValue(key::apiPort, m_apiPort);

    s.setValue(key::geometry, m_windowGeometry);
    s.setValue(key::state, m_windowState);
    s.setValue(key::lastStation, m_lastStation);
    s.sync();
    if (s.status() != QSettings::NoError)
        qCWarning(lcSettings) << "could not write the settings to" << s.fileName() << s.status();
    // The settings name the database, the API's address and the station list: readable by the
    // user only, like the capture itself. (Formats without a file, such as the registry, have no name.)
    if (QFileInfo(s.fileName()).isFile())
        QFile::setPermissions(s.fileName(), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

WorkspaceConfig AppSettings::toWorkspaceConfig() const
{
    WorkspaceConfig c;
    c.server.address = m_listenAddress;
    c.server.port = m_listenPort;
    c.server.versions = m_versions;
    c.server.profile = m_profile;
    c.server.tlsCertificateFile = m_certificateFile;
    c.server.tlsKeyFile = m_keyFile;
    c.server.caFile = m_caFile;
    c.server.admission = m_admission;
    c.server.knownIdentities = QSet<QString>(m_knownIdentities.cbegin(), m_knownIdentities.cend());
    c.server.allowedOrigins = m_allowedOrigins;
    c.server.pingInterval = m_pingInterval;
    c.server.responseTimeout = m_responseTimeout;
    c.server.maxFrameBytes = m_maxFrameBytes;
    c.policy.heartbeatIntervalS = m_heartbeatIntervalS;
    c.policy.bootStatus = m_bootStatus;
    c.policy.authorize = m_authorize;
    c.policy.allowList = QSet<QString>(m_allowList.cbegin(), m_allowList.cend());
    c.databasePath = m_databasePath;
    c.apiEnabled = m_apiEnabled;
    c.apiAddress = m_apiAddress;
    c.apiPort = m_apiPort;
    c.captureRetentionDays = m_retentionDays;
    c.keepSecretsInCapture = m_keepSecrets;
    return c;
}

bool AppSettings::restartRequired(const AppSettings &a, const AppSettings &b)
{
    // Everything in WorkspaceConfig is read when the server starts; window state is not.
    return a.m_listenAddress != b.m_listenAddress || a.m_listenPort != b.m_listenPort || a.m_versions != b.m_versions
        || a.m_admission != b.m_admission || a.m_knownIdentities != b.m_knownIdentities
        || a.m_allowedOrigins != b.m_allowedOrigins
        || a.m_pingInterval != b.m_pingInterval || a.m_maxFrameBytes != b.m_maxFrameBytes || a.m_profile != b.m_profile
        || a.m_certificateFile != b.m_certificateFile || a.m_keyFile != b.m_keyFile || a.m_caFile != b.m_caFile
        || a.m_authorize != b.m_authorize || a.m_allowList != b.m_allowList || a.m_bootStatus != b.m_bootStatus
        || a.m_heartbeatIntervalS != b.m_heartbeatIntervalS || a.m_responseTimeout != b.m_responseTimeout
        || a.m_retentionDays != b.m_retentionDays || a.m_keepSecrets != b.m_keepSecrets || a.m_databasePath != b.m_databasePath
        || a.m_apiEnabled != b.m_apiEnabled || a.m_apiAddress != b.m_apiAddress || a.m_apiPort != b.m_apiPort;
}

QStringList AppSettings::problems() const
{
    QStringList out;
    if (m_versions.isEmpty())
        out << Text::tr("No OCPP version is enabled: enable at least one so chargers can connect.");
    if (m_listenPort == 0)
        out << Text::tr("The server port is 0: choose a port between 1 and 65535 (9000 is usual).");
    const bool tls = m_profile == SecurityProfile::TlsBasicAuth || m_profile == SecurityProfile::MutualTls;
    auto needFile = [&](const QString &file, const QString &what) {
        const QFileInfo fi(file);
        if (file.isEmpty())
            out << Text::tr("Security profile %1 needs a %2: choose the PEM file.").arg(int(m_profile)).arg(what);
        else if (!fi.exists())
            out << Text::tr("The %1 file %2 does not exist: choose an existing PEM file.").arg(what, file);
        else if (!fi.isFile() || !fi.isReadable())
            out << Text::tr("The %1 file %2 cannot be read: check its permissions.").arg(what, file);
    };
    if (tls) {
        needFile(m_certificateFile, Text::tr("server certificate"));
        needFile(m_keyFile, Text::tr("private key"));
    }
    if (m_profile == SecurityProfile::MutualTls)
        needFile(m_caFile, Text::tr("CA certificate"));
    if (m_admission == Admission::KnownOnly && m_knownIdentities.isEmpty())
        out << Text::tr("Admission is \"known stations only\" but no identity is listed: add the identities that may connect.");
    if (m_authorize == CsmsPolicy::Authorize::AllowList && m_allowList.isEmpty())
        out << Text::tr("Authorize uses an allow-list but the list is empty: add id tokens or accept all.");
    if (m_apiEnabled) {
        if (m_apiPort == 0)
            out << Text::tr("The automation API port is 0: choose a port between 1 and 65535.");
        const bool sameHost = m_apiAddress == m_listenAddress || m_listenAddress == QHostAddress(QHostAddress::Any)
            || m_apiAddress == QHostAddress(QHostAddress::Any);
        if (sameHost && m_apiPort == m_listenPort)
            out << Text::tr("The automation API and the OCPP server both use port %1: give the API another port.").arg(m_apiPort);
    }
    if (!m_databasePath.isEmpty()) {
        const QFileInfo db(m_databasePath);
        if (db.isDir())
            out << Text::tr("The capture database %1 is a folder: choose a file name.").arg(m_databasePath);
        else if (!db.absoluteDir().exists())
            out << Text::tr("The folder of the capture database %1 does not exist: create it or choose another place.")
                       .arg(db.absolutePath());
    }
    return out;
}

} // namespace cb
