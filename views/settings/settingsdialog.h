#pragma once

#include "settings/appsettings.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTabWidget;

namespace cb {

class SecretStore;

// Edits AppSettings in four tabs (Server, Security, Behaviour, Capture & API). OK checks the
// inputs (addresses, ports, TLS files that must exist, ...) and refuses with the problems listed;
// when they are fine it writes them into the AppSettings it was given (the caller saves them and
// restarts the server when restartRequired()). Station passwords are not settings: they go
// straight to the OS keychain through SecretStore, and a missing or locked keychain is reported
// in the dialog, never worked around.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(AppSettings &settings, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    // The settings as the inputs describe them now (not yet written back).
    AppSettings current() const;
    // What OK would refuse: the inputs that cannot be read plus AppSettings::problems().
    QStringList problems() const;
    // After OK: whether a changed setting takes effect only when the server restarts. While the
    // dialog is open: whether the inputs differ that way from the settings it was opened with.
    bool restartRequired() const;

    void accept() override;

    enum Tab { ServerTab, SecurityTab, BehaviourTab, CaptureTab };
    void showTab(Tab tab);

Q_SIGNALS:
    // A keychain operation finished; `ok` false when it failed (the message is in the dialog).
    void keychainFinished(bool ok, const QString &message);

private:
    QWidget *buildServerTab();
    QWidget *buildSecurityTab();
    QWidget *buildBehaviourTab();
    QWidget *buildCaptureTab();
    QWidget *fileChooser(QLineEdit *edit, const QString &title, const QString &filter, bool save);
    void load(const AppSettings &s);
    void refresh();
    void storePassword();
    void removePassword();
    void checkPassword();
    void keychainDone(bool ok, const QString &message, bool warn = false);
    void setKeychainBusy(bool busy);

    AppSettings &m_settings;
    const AppSettings m_original;
    bool m_restartRequired = false;
    SecretStore *m_secrets = nullptr;

    QTabWidget *m_tabs = nullptr;
    // Server
    QComboBox *m_listenAddress = nullptr;
    QSpinBox *m_listenPort = nullptr;
    QCheckBox *m_v21 = nullptr;
    QCheckBox *m_v201 = nullptr;
    QCheckBox *m_v16 = nullptr;
    QRadioButton *m_anyIdentity = nullptr;
    QRadioButton *m_knownOnly = nullptr;
    QPlainTextEdit *m_knownIdentities = nullptr;
    QSpinBox *m_pingInterval = nullptr;
    QSpinBox *m_maxFrameKiB = nullptr;
    // Security
    QComboBox *m_profile = nullptr;
    QLineEdit *m_certificate = nullptr;
    QLineEdit *m_key = nullptr;
    QLineEdit *m_ca = nullptr;
    QComboBox *m_passwordIdentity = nullptr;
    QLineEdit *m_password = nullptr;
    QPushButton *m_storePassword = nullptr;
    QPushButton *m_removePassword = nullptr;
    QPushButton *m_checkPassword = nullptr;
    QLabel *m_keychainStatus = nullptr;
    // Behaviour
    QComboBox *m_bootStatus = nullptr;
    QSpinBox *m_heartbeat = nullptr;
    QComboBox *m_authorize = nullptr;
    QPlainTextEdit *m_allowList = nullptr;
    QSpinBox *m_responseTimeout = nullptr;
    QCheckBox *m_fetchReportAfterBoot = nullptr;
    QSpinBox *m_hardwarePoll = nullptr;
    // Capture & API
    QLineEdit *m_database = nullptr;
    QSpinBox *m_retention = nullptr;
    QCheckBox *m_keepSecrets = nullptr;
    QCheckBox *m_apiEnabled = nullptr;
    QComboBox *m_apiAddress = nullptr;
    QSpinBox *m_apiPort = nullptr;

    QLabel *m_problems = nullptr;
    QLabel *m_restartNotice = nullptr;
};

} // namespace cb
