#pragma once

#include "rpc/ocppversion.h"
#include "station/csmspolicy.h"
#include "transport/serverconfig.h"
#include "workspace/workspaceconfig.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>

#include <chrono>

class QSettings;

namespace cb {

// Everything the desktop app remembers between runs, typed, over QSettings (organization and
// application "ChargeBench"). A value class: load() reads a snapshot, setters change the copy,
// save() writes it back. Secrets (station passwords, key passphrases) never go here: they live in
// the OS keychain (SecretStore).
class AppSettings
{
public:
    AppSettings() = default; // the defaults a fresh installation starts with

    static AppSettings load();                 // QSettings("ChargeBench", "ChargeBench")
    static AppSettings load(QSettings &settings);
    void save() const;
    void save(QSettings &settings) const;

    // What the workspace runs with. The API token is not a setting: the workspace makes one.
    WorkspaceConfig toWorkspaceConfig() const;

    // True when `after` differs from `before` in anything the running server was started with,
    // i.e. the change takes effect only after a server restart (window state does not count).
    static bool restartRequired(const AppSettings &before, const AppSettings &after);

    // Problems a person must fix before these settings can run a server (port 0 for the API,
    // missing TLS files for profiles 2-3, no version enabled, ...). Empty when fine.
    QStringList problems() const;

    // Server
    QHostAddress listenAddress() const { return m_listenAddress; }
    void setListenAddress(const QHostAddress &a) { m_listenAddress = a; }
    quint16 listenPort() const { return m_listenPort; }
    void setListenPort(quint16 p) { m_listenPort = p; }
    QList<OcppVersion> enabledVersions() const { return m_versions; } // preferred first
    void setEnabledVersions(const QList<OcppVersion> &v) { m_versions = v; }
    Admission admission() const { return m_admission; }
    void setAdmission(Admission a) { m_admission = a; }
    QStringList knownIdentities() const { return m_knownIdentities; }
    void setKnownIdentities(const QStringList &ids) { m_knownIdentities = ids; }
    // Browser origins admitted to upgrade (ServerConfig::allowedOrigins); no GUI field yet.
    QStringList allowedOrigins() const { return m_allowedOrigins; }
    void setAllowedOrigins(const QStringList &origins) { m_allowedOrigins = origins; }
    std::chrono::milliseconds pingInterval() const { return m_pingInterval; } // 0 = no pings
    void setPingInterval(std::chrono::milliseconds t) { m_pingInterval = t; }
    qint64 maxFrameBytes() const { return m_maxFrameBytes; }
    void setMaxFrameBytes(qint64 n) { m_maxFrameBytes = n; }

    // Security
    SecurityProfile securityProfile() const { return m_profile; }
    void setSecurityProfile(SecurityProfile p) { m_profile = p; }
    QString tlsCertificateFile() const { return m_certificateFile; }
    void setTlsCertificateFile(const QString &f) { m_certificateFile = f; }
    QString tlsKeyFile() const { return m_keyFile; }
    void setTlsKeyFile(const QString &f) { m_keyFile = f; }
    QString caFile() const { return m_caFile; }
    void setCaFile(const QString &f) { m_caFile = f; }

    // Behaviour of the mini-CSMS
    CsmsPolicy::Authorize authorizePolicy() const { return m_authorize; }
    void setAuthorizePolicy(CsmsPolicy::Authorize a) { m_authorize = a; }
    QStringList allowList() const { return m_allowList; }
    void setAllowList(const QStringList &ids) { m_allowList = ids; }
    QString bootStatus() const { return m_bootStatus; } // Accepted, Pending or Rejected
    void setBootStatus(const QString &s) { m_bootStatus = s; }
    int heartbeatIntervalS() const { return m_heartbeatIntervalS; }
    void setHeartbeatIntervalS(int s) { m_heartbeatIntervalS = s; }
    std::chrono::milliseconds responseTimeout() const { return m_responseTimeout; }
    void setResponseTimeout(std::chrono::milliseconds t) { m_responseTimeout = t; }
    // Device model: read the full report (2.x FullInventory / 1.6 all keys) after every boot.
    bool fetchReportAfterBoot() const { return m_fetchReportAfterBoot; }
    void setFetchReportAfterBoot(bool on) { m_fetchReportAfterBoot = on; }
    // Connector hardware state: GetVariables of the hardware variables this often (0 = never).
    std::chrono::milliseconds hardwarePollInterval() const { return m_hardwarePollInterval; }
    void setHardwarePollInterval(std::chrono::milliseconds t) { m_hardwarePollInterval = t; }

    // Capture and API
    int captureRetentionDays() const { return m_retentionDays; } // 0 keeps everything
    void setCaptureRetentionDays(int d) { m_retentionDays = d; }
    // Lab work only: keep payload passwords and keys in captures (masked when false).
    bool keepSecretsInCapture() const { return m_keepSecrets; }
    void setKeepSecretsInCapture(bool keep) { m_keepSecrets = keep; }
    QString databasePath() const { return m_databasePath; } // empty: the default location
    void setDatabasePath(const QString &p) { m_databasePath = p; }
    bool apiEnabled() const { return m_apiEnabled; }
    void setApiEnabled(bool on) { m_apiEnabled = on; }
    QHostAddress apiAddress() const { return m_apiAddress; }
    void setApiAddress(const QHostAddress &a) { m_apiAddress = a; }
    quint16 apiPort() const { return m_apiPort; }
    void setApiPort(quint16 p) { m_apiPort = p; }

    // Window
    QByteArray windowGeometry() const { return m_windowGeometry; }
    void setWindowGeometry(const QByteArray &g) { m_windowGeometry = g; }
    QByteArray windowState() const { return m_windowState; }
    void setWindowState(const QByteArray &s) { m_windowState = s; }
    QString lastStation() const { return m_lastStation; }
    void setLastStation(const QString &id) { m_lastStation = id; }

    // Text forms used in the settings file, exposed for the dialog and tests.
    static QString addressText(const QHostAddress &a); // "any" for QHostAddress::Any
    static QHostAddress addressFromText(const QString &text, const QHostAddress &fallback);

private:
    QHostAddress m_listenAddress{QHostAddress::Any};
    quint16 m_listenPort = 9000;
    QList<OcppVersion> m_versions{OcppVersion::V21, OcppVersion::V201, OcppVersion::V16};
    Admission m_admission = Admission::AnyIdentity;
    QStringList m_knownIdentities;
    QStringList m_allowedOrigins;
    std::chrono::milliseconds m_pingInterval{30000};
    qint64 m_maxFrameBytes = 4 * 1024 * 1024;

    SecurityProfile m_profile = SecurityProfile::None;
    QString m_certificateFile;
    QString m_keyFile;
    QString m_caFile;

    CsmsPolicy::Authorize m_authorize = CsmsPolicy::Authorize::AcceptAll;
    QStringList m_allowList;
    QString m_bootStatus = QStringLiteral("Accepted");
    int m_heartbeatIntervalS = 300;
    std::chrono::milliseconds m_responseTimeout{30000};
    bool m_fetchReportAfterBoot = true;
    std::chrono::milliseconds m_hardwarePollInterval{10000};

    int m_retentionDays = 0;
    bool m_keepSecrets = false;
    QString m_databasePath;
    bool m_apiEnabled = false;
    QHostAddress m_apiAddress{QHostAddress::LocalHost};
    quint16 m_apiPort = 9001;

    QByteArray m_windowGeometry;
    QByteArray m_windowState;
    QString m_lastStation;
};

} // namespace cb
