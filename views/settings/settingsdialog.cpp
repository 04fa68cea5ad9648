#include "settingsdialog.h"

#include "secrets/secretstore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace cb {

namespace {

constexpr int kMinPassword = 16; // OCPP 2.0.1/2.1 passwordString: 16 to 40 characters
constexpr int kMaxPassword = 40;

QStringList lines(const QPlainTextEdit *edit)
{
    QStringList out;
    for (const QString &s : edit->toPlainText().split(QRegularExpression(QStringLiteral("[\\s,;]+")), Qt::SkipEmptyParts))
        if (!out.contains(s))
            out << s;
    return out;
}

QComboBox *addressCombo(QWidget *parent)
{
    auto *c = new QComboBox(parent);
    c->setEditable(true);
    c->addItems({QStringLiteral("any"), QStringLiteral("0.0.0.0"), QStringLiteral("::"), QStringLiteral("127.0.0.1"),
                 QStringLiteral("::1")});
    c->setToolTip(SettingsDialog::tr("\"any\" listens on every address (IPv4 and IPv6); 127.0.0.1 only on this machine."));
    return c;
}

QLabel *note(const QString &text, QWidget *parent)
{
    auto *l = new QLabel(text, parent);
    l->setWordWrap(true);
    l->setEnabled(false);
    l->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    return l;
}

} // namespace

SettingsDialog::SettingsDialog(AppSettings &settings, QWidget *parent)
    : QDialog(parent), m_settings(settings), m_original(settings)
{
    setWindowTitle(tr("ChargeBench settings"));
    m_secrets = new SecretStore(QStringLiteral("ChargeBench"), this);

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(buildServerTab(), tr("&Server"));
    m_tabs->addTab(buildSecurityTab(), tr("S&ecurity"));
    m_tabs->addTab(buildBehaviourTab(), tr("&Behaviour"));
    m_tabs->addTab(buildCaptureTab(), tr("&Capture && API"));

    m_problems = new QLabel(this);
    m_problems->setObjectName(QStringLiteral("problemsLabel"));
    m_problems->setWordWrap(true);
    m_problems->setStyleSheet(QStringLiteral("color:#c01c28;"));
    m_problems->setTextFormat(Qt::PlainText);
    m_restartNotice = new QLabel(tr("Some of these changes take effect only when the server restarts."), this);
    m_restartNotice->setObjectName(QStringLiteral("restartNotice"));
    m_restartNotice->setWordWrap(true);
    m_restartNotice->setStyleSheet(QStringLiteral("color:#9c5b00;"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_problems);
    layout->addWidget(m_restartNotice);
    layout->addWidget(buttons);

    load(settings);
    // Every input re-checks the whole: problems and the restart notice stay current.
    for (auto *w : findChildren<QLineEdit *>())
        connect(w, &QLineEdit::textChanged, this, &SettingsDialog::refresh);
    for (auto *w : findChildren<QSpinBox *>())
        connect(w, &QSpinBox::valueChanged, this, &SettingsDialog::refresh);
    for (auto *w : findChildren<QComboBox *>())
        connect(w, &QComboBox::currentTextChanged, this, &SettingsDialog::refresh);
    for (auto *w : findChildren<QCheckBox *>())
        connect(w, &QCheckBox::toggled, this, &SettingsDialog::refresh);
    for (auto *w : findChildren<QRadioButton *>())
        connect(w, &QRadioButton::toggled, this, &SettingsDialog::refresh);
    for (auto *w : findChildren<QPlainTextEdit *>())
        connect(w, &QPlainTextEdit::textChanged, this, &SettingsDialog::refresh);
    refresh();
}

SettingsDialog::~SettingsDialog() = default;

QWidget *SettingsDialog::buildServerTab()
{
    auto *page = new QWidget(this);
    auto *outer = new QVBoxLayout(page);
    auto *form = new QFormLayout;
    outer->addLayout(form);
    outer->addStretch(1); // extra height goes below the form, not into its rows
    m_listenAddress = addressCombo(page);
    m_listenAddress->setObjectName(QStringLiteral("listenAddress"));
    m_listenPort = new QSpinBox(page);
    m_listenPort->setObjectName(QStringLiteral("listenPort"));
    m_listenPort->setRange(1, 65535);
    auto *listen = new QHBoxLayout;
    listen->addWidget(m_listenAddress, 1);
    listen->addWidget(new QLabel(tr("port"), page));
    listen->addWidget(m_listenPort);
    form->addRow(tr("&Listen on:"), listen);
    static_cast<QLabel *>(form->labelForField(listen))->setBuddy(m_listenAddress);

    m_v21 = new QCheckBox(QStringLiteral("2.1"), page);
    m_v201 = new QCheckBox(QStringLiteral("2.0.1"), page);
    m_v16 = new QCheckBox(tr("1.6 (with the security extension)"), page);
    m_v21->setObjectName(QStringLiteral("version21"));
    m_v201->setObjectName(QStringLiteral("version201"));
    m_v16->setObjectName(QStringLiteral("version16"));
    auto *versions = new QHBoxLayout;
    versions->addWidget(m_v21);
    versions->addWidget(m_v201);
    versions->addWidget(m_v16);
    versions->addStretch();
    form->addRow(tr("OCPP versions:"), versions);
    form->addRow(QString(), note(tr("A charger offering several versions gets the first one of its own list that is enabled here."), page));

    m_anyIdentity = new QRadioButton(tr("&Any identity (commissioning new chargers)"), page);
    m_knownOnly = new QRadioButton(tr("&Only these identities:"), page);
    m_knownOnly->setObjectName(QStringLiteral("knownOnly"));
    m_knownIdentities = new QPlainTextEdit(page);
    m_knownIdentities->setObjectName(QStringLiteral("knownIdentities"));
    m_knownIdentities->setPlaceholderText(tr("One station identity per line"));
    m_knownIdentities->setTabChangesFocus(true);
    m_knownIdentities->setMaximumHeight(m_knownIdentities->fontMetrics().height() * 6);
    connect(m_knownOnly, &QRadioButton::toggled, m_knownIdentities, &QWidget::setEnabled);
    auto *admission = new QVBoxLayout;
    admission->addWidget(m_anyIdentity);
    admission->addWidget(m_knownOnly);
    admission->addWidget(m_knownIdentities);
    form->addRow(tr("Admit:"), admission);

    m_pingInterval = new QSpinBox(page);
    m_pingInterval->setObjectName(QStringLiteral("pingInterval"));
    m_pingInterval->setRange(0, 3600);
    m_pingInterval->setSuffix(tr(" s"));
    m_pingInterval->setSpecialValueText(tr("off"));
    form->addRow(tr("&WebSocket ping every:"), m_pingInterval);
    m_maxFrameKiB = new QSpinBox(page);
    m_maxFrameKiB->setObjectName(QStringLiteral("maxFrame"));
    m_maxFrameKiB->setRange(1, 256 * 1024);
    m_maxFrameKiB->setSuffix(tr(" KiB"));
    form->addRow(tr("&Largest frame accepted:"), m_maxFrameKiB);
    return page;
}

QWidget *SettingsDialog::fileChooser(QLineEdit *edit, const QString &title, const QString &filter, bool save)
{
    auto *box = new QWidget(edit->parentWidget());
    auto *row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(edit, 1);
    box->setFocusProxy(edit); // the form label's mnemonic lands in the text field
    auto *browse = new QPushButton(tr("Browse\u2026"), box);
    browse->setAccessibleName(title);
    row->addWidget(browse);
    connect(browse, &QPushButton::clicked, this, [this, edit, title, filter, save] {
        // Window-modal and asynchronous: the server keeps running behind the dialog.
        auto *d = new QFileDialog(this, title, QFileInfo(edit->text()).absolutePath(), filter);
        d->setAttribute(Qt::WA_DeleteOnClose);
        d->setFileMode(save ? QFileDialog::AnyFile : QFileDialog::ExistingFile);
        d->setAcceptMode(save ? QFileDialog::AcceptSave : QFileDialog::AcceptOpen);
        if (!edit->text().isEmpty())
            d->selectFile(edit->text());
        connect(d, &QFileDialog::fileSelected, edit, &QLineEdit::setText);
        d->open();
    });
    return box;
}

QWidget *SettingsDialog::buildSecurityTab()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    auto *form = new QFormLayout;
    m_profile = new QComboBox(page);
    m_profile->setObjectName(QStringLiteral("securityProfile"));
    m_profile->addItems({tr("0 \u2014 no authentication (ws://)"), tr("1 \u2014 Basic auth password (ws://)"),
                         tr("2 \u2014 TLS and Basic auth password (wss://)"), tr("3 \u2014 TLS with client certificates (wss://)")});
    form->addRow(tr("Security &profile:"), m_profile);
    const QString pem = tr("PEM files (*.pem *.crt *.cer *.key);;All files (*)");
    m_certificate = new QLineEdit(page);
    m_certificate->setObjectName(QStringLiteral("certificateFile"));
    m_certificate->setPlaceholderText(tr("server certificate, with its chain"));
    form->addRow(tr("Server &certificate:"), fileChooser(m_certificate, tr("Server certificate"), pem, false));
    m_key = new QLineEdit(page);
    m_key->setObjectName(QStringLiteral("keyFile"));
    m_key->setPlaceholderText(tr("private key of the certificate"));
    form->addRow(tr("Private &key:"), fileChooser(m_key, tr("Private key"), pem, false));
    m_ca = new QLineEdit(page);
    m_ca->setObjectName(QStringLiteral("caFile"));
    m_ca->setPlaceholderText(tr("CA that station certificates chain to (profile 3)"));
    form->addRow(tr("Client &CA:"), fileChooser(m_ca, tr("CA certificate"), pem, false));
    layout->addLayout(form);

    auto *passwords = new QGroupBox(tr("Station passwords (profiles 1 and 2)"), page);
    auto *pform = new QFormLayout(passwords);
    pform->addRow(note(tr("Kept only in the OS keychain, never in the settings file. Each is saved or removed at "
                          "once with its button."),
                       passwords));
    m_passwordIdentity = new QComboBox(passwords);
    m_passwordIdentity->setObjectName(QStringLiteral("passwordIdentity"));
    m_passwordIdentity->setEditable(true);
    m_passwordIdentity->lineEdit()->setPlaceholderText(tr("station identity"));
    pform->addRow(tr("S&tation:"), m_passwordIdentity);
    m_password = new QLineEdit(passwords);
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("%1 to %2 characters").arg(kMinPassword).arg(kMaxPassword));
    auto *show = new QCheckBox(tr("Sho&w"), passwords);
    connect(show, &QCheckBox::toggled, m_password,
            [this](bool on) { m_password->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password); });
    auto *pw = new QHBoxLayout;
    pw->addWidget(m_password, 1);
    pw->addWidget(show);
    auto *pwLabel = new QLabel(tr("Pass&word:"), passwords);
    pwLabel->setBuddy(m_password);
    pform->addRow(pwLabel, pw);
    m_storePassword = new QPushButton(tr("Save in keychain"), passwords);
    m_storePassword->setObjectName(QStringLiteral("storePassword"));
    m_removePassword = new QPushButton(tr("Remove from keychain"), passwords);
    m_removePassword->setObjectName(QStringLiteral("removePassword"));
    m_checkPassword = new QPushButton(tr("Is one stored?"), passwords);
    m_checkPassword->setObjectName(QStringLiteral("checkPassword"));
    connect(m_storePassword, &QPushButton::clicked, this, &SettingsDialog::storePassword);
    connect(m_removePassword, &QPushButton::clicked, this, &SettingsDialog::removePassword);
    connect(m_checkPassword, &QPushButton::clicked, this, &SettingsDialog::checkPassword);
    auto *pb = new QHBoxLayout;
    pb->addWidget(m_storePassword);
    pb->addWidget(m_removePassword);
    pb->addWidget(m_checkPassword);
    pb->addStretch();
    pform->addRow(pb);
    m_keychainStatus = new QLabel(passwords);
    m_keychainStatus->setObjectName(QStringLiteral("keychainStatus"));
    m_keychainStatus->setWordWrap(true);
    m_keychainStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    pform->addRow(m_keychainStatus);
    layout->addWidget(passwords);
    layout->addStretch();
    return page;
}

QWidget *SettingsDialog::buildBehaviourTab()
{
    auto *page = new QWidget(this);
    auto *outer = new QVBoxLayout(page);
    auto *form = new QFormLayout;
    outer->addLayout(form);
    outer->addStretch(1); // extra height goes below the form, not into its rows
    m_bootStatus = new QComboBox(page);
    m_bootStatus->setObjectName(QStringLiteral("bootStatus"));
    m_bootStatus->addItems({QStringLiteral("Accepted"), QStringLiteral("Pending"), QStringLiteral("Rejected")});
    form->addRow(tr("Answer &BootNotification with:"), m_bootStatus);
    m_heartbeat = new QSpinBox(page);
    m_heartbeat->setObjectName(QStringLiteral("heartbeatInterval"));
    m_heartbeat->setRange(1, 7 * 86400);
    m_heartbeat->setSuffix(tr(" s"));
    form->addRow(tr("&Heartbeat interval given:"), m_heartbeat);
    m_authorize = new QComboBox(page);
    m_authorize->setObjectName(QStringLiteral("authorizePolicy"));
    m_authorize->addItems({tr("Accept every id token"), tr("Accept only the allow-list"), tr("Reject every id token")});
    form->addRow(tr("&Authorize:"), m_authorize);
    m_allowList = new QPlainTextEdit(page);
    m_allowList->setObjectName(QStringLiteral("allowList"));
    m_allowList->setPlaceholderText(tr("One id tag / id token per line"));
    m_allowList->setTabChangesFocus(true);
    connect(m_authorize, &QComboBox::currentIndexChanged, m_allowList, [this](int i) { m_allowList->setEnabled(i == 1); });
    form->addRow(tr("Allow-&list:"), m_allowList);
    m_responseTimeout = new QSpinBox(page);
    m_responseTimeout->setObjectName(QStringLiteral("responseTimeout"));
    m_responseTimeout->setRange(1, 600);
    m_responseTimeout->setSuffix(tr(" s"));
    form->addRow(tr("Wait for station &answers:"), m_responseTimeout);
    m_fetchReportAfterBoot = new QCheckBox(tr("Read the device &model after every boot"), page);
    m_fetchReportAfterBoot->setObjectName(QStringLiteral("fetchReportAfterBoot"));
    form->addRow(QString(), m_fetchReportAfterBoot);
    m_hardwarePoll = new QSpinBox(page);
    m_hardwarePoll->setObjectName(QStringLiteral("hardwarePollInterval"));
    m_hardwarePoll->setRange(0, 3600);
    m_hardwarePoll->setSuffix(tr(" s"));
    m_hardwarePoll->setSpecialValueText(tr("never"));
    m_hardwarePoll->setToolTip(tr("GetVariables of the connector hardware variables (control pilot, contactor, lock, RCD, "
                                  "temperature); NotifyEvent updates them in between"));
    form->addRow(tr("Read connector hard&ware every:"), m_hardwarePoll);
    return page;
}

QWidget *SettingsDialog::buildCaptureTab()
{
    auto *page = new QWidget(this);
    auto *outer = new QVBoxLayout(page);
    auto *form = new QFormLayout;
    outer->addLayout(form);
    outer->addStretch(1); // extra height goes below the form, not into its rows
    m_database = new QLineEdit(page);
    m_database->setObjectName(QStringLiteral("databasePath"));
    m_database->setPlaceholderText(tr("default location"));
    form->addRow(tr("Capture &database:"),
                 fileChooser(m_database, tr("Capture database"), tr("SQLite databases (*.sqlite *.db);;All files (*)"), true));
    m_retention = new QSpinBox(page);
    m_retention->setObjectName(QStringLiteral("retentionDays"));
    m_retention->setRange(0, 36500);
    m_retention->setSuffix(tr(" days"));
    m_retention->setSpecialValueText(tr("keep everything"));
    form->addRow(tr("&Keep captured frames for:"), m_retention);
    m_keepSecrets = new QCheckBox(tr("Keep &secrets in captures (passwords, keys; lab work only)"), page);
    m_keepSecrets->setObjectName(QStringLiteral("keepSecretsInCapture"));
    m_keepSecrets->setToolTip(tr("Off: passwords and private keys inside OCPP payloads are replaced by a marker before they "
                                 "reach the capture database and the traffic view."));
    form->addRow(m_keepSecrets);

    m_apiEnabled = new QCheckBox(tr("Serve the automation &API (REST, bearer token)"), page);
    m_apiEnabled->setObjectName(QStringLiteral("apiEnabled"));
    form->addRow(m_apiEnabled);
    m_apiAddress = addressCombo(page);
    m_apiAddress->setObjectName(QStringLiteral("apiAddress"));
    m_apiPort = new QSpinBox(page);
    m_apiPort->setObjectName(QStringLiteral("apiPort"));
    m_apiPort->setRange(1, 65535);
    auto *api = new QHBoxLayout;
    api->addWidget(m_apiAddress, 1);
    api->addWidget(new QLabel(tr("port"), page));
    api->addWidget(m_apiPort);
    form->addRow(tr("API listens on:"), api);
    form->addRow(QString(), note(tr("127.0.0.1 keeps the API to this machine. The token is shown in the main window."), page));
    connect(m_apiEnabled, &QCheckBox::toggled, m_apiAddress, &QWidget::setEnabled);
    connect(m_apiEnabled, &QCheckBox::toggled, m_apiPort, &QWidget::setEnabled);
    return page;
}

void SettingsDialog::load(const AppSettings &s)
{
    m_listenAddress->setCurrentText(AppSettings::addressText(s.listenAddress()));
    m_listenPort->setValue(s.listenPort());
    const auto versions = s.enabledVersions();
    m_v21->setChecked(versions.contains(OcppVersion::V21));
    m_v201->setChecked(versions.contains(OcppVersion::V201));
    m_v16->setChecked(versions.contains(OcppVersion::V16));
    (s.admission() == Admission::KnownOnly ? m_knownOnly : m_anyIdentity)->setChecked(true);
    m_knownIdentities->setEnabled(s.admission() == Admission::KnownOnly);
    m_knownIdentities->setPlainText(s.knownIdentities().join(QLatin1Char('\n')));
    m_pingInterval->setValue(int(s.pingInterval().count() / 1000));
    m_maxFrameKiB->setValue(int(s.maxFrameBytes() / 1024));

    m_profile->setCurrentIndex(int(s.securityProfile()));
    m_certificate->setText(s.tlsCertificateFile());
    m_key->setText(s.tlsKeyFile());
    m_ca->setText(s.caFile());
    QStringList identities = s.knownIdentities();
    if (!s.lastStation().isEmpty() && !identities.contains(s.lastStation()))
        identities.prepend(s.lastStation());
    m_passwordIdentity->addItems(identities);
    m_passwordIdentity->setCurrentText(s.lastStation());

    m_bootStatus->setCurrentText(s.bootStatus());
    m_heartbeat->setValue(s.heartbeatIntervalS());
    m_authorize->setCurrentIndex(int(s.authorizePolicy()));
    m_allowList->setPlainText(s.allowList().join(QLatin1Char('\n')));
    m_allowList->setEnabled(s.authorizePolicy() == CsmsPolicy::Authorize::AllowList);
    m_responseTimeout->setValue(int(std::max<qint64>(1, s.responseTimeout().count() / 1000)));
    m_fetchReportAfterBoot->setChecked(s.fetchReportAfterBoot());
    m_hardwarePoll->setValue(int(s.hardwarePollInterval().count() / 1000));

    m_database->setText(s.databasePath());
    m_retention->setValue(s.captureRetentionDays());
    m_keepSecrets->setChecked(s.keepSecretsInCapture());
    m_apiEnabled->setChecked(s.apiEnabled());
    m_apiAddress->setCurrentText(AppSettings::addressText(s.apiAddress()));
    m_apiPort->setValue(s.apiPort());
    m_apiAddress->setEnabled(s.apiEnabled());
    m_apiPort->setEnabled(s.apiEnabled());
}

AppSettings SettingsDialog::current() const
{
    AppSettings s = m_original; // keeps what the dialog does not show (window state, last station)
    s.setListenAddress(AppSettings::addressFromText(m_listenAddress->currentText(), QHostAddress()));
    s.setListenPort(quint16(m_listenPort->value()));
    QList<OcppVersion> versions;
    if (m_v21->isChecked())
        versions << OcppVersion::V21;
    if (m_v201->isChecked())
        versions << OcppVersion::V201;
    if (m_v16->isChecked())
        versions << OcppVersion::V16;
    s.setEnabledVersions(versions);
    s.setAdmission(m_knownOnly->isChecked() ? Admission::KnownOnly : Admission::AnyIdentity);
    s.setKnownIdentities(lines(m_knownIdentities));
    s.setPingInterval(std::chrono::seconds(m_pingInterval->value()));
    s.setMaxFrameBytes(qint64(m_maxFrameKiB->value()) * 1024);

    s.setSecurityProfile(SecurityProfile(m_profile->currentIndex()));
    s.setTlsCertificateFile(m_certificate->text().trimmed());
    s.setTlsKeyFile(m_key->text().trimmed());
    s.setCaFile(m_ca->text().trimmed());

    s.setBootStatus(m_bootStatus->currentText());
    s.setHeartbeatIntervalS(m_heartbeat->value());
    s.setAuthorizePolicy(CsmsPolicy::Authorize(m_authorize->currentIndex()));
    s.setAllowList(lines(m_allowList));
    s.setResponseTimeout(std::chrono::seconds(m_responseTimeout->value()));
    s.setFetchReportAfterBoot(m_fetchReportAfterBoot->isChecked());
    s.setHardwarePollInterval(std::chrono::seconds(m_hardwarePoll->value()));

    s.setDatabasePath(m_database->text().trimmed());
    s.setCaptureRetentionDays(m_retention->value());
    s.setKeepSecretsInCapture(m_keepSecrets->isChecked());
    s.setApiEnabled(m_apiEnabled->isChecked());
    s.setApiAddress(AppSettings::addressFromText(m_apiAddress->currentText(), QHostAddress()));
    s.setApiPort(quint16(m_apiPort->value()));
    return s;
}

QStringList SettingsDialog::problems() const
{
    QStringList out;
    const auto badAddress = [](const QString &text) { return AppSettings::addressFromText(text, QHostAddress()).isNull(); };
    if (badAddress(m_listenAddress->currentText()))
        out << tr("The listen address \"%1\" is not an IP address: use \"any\", 0.0.0.0, :: or an address of this machine.")
                   .arg(m_listenAddress->currentText());
    if (m_apiEnabled->isChecked() && badAddress(m_apiAddress->currentText()))
        out << tr("The API address \"%1\" is not an IP address: use 127.0.0.1 to keep the API on this machine.")
                   .arg(m_apiAddress->currentText());
    out << current().problems();
    return out;
}

bool SettingsDialog::restartRequired() const
{
    if (result() == QDialog::Accepted)
        return m_restartRequired;
    return AppSettings::restartRequired(m_original, current());
}

void SettingsDialog::refresh()
{
    const QStringList p = problems();
    m_problems->setText(p.join(QLatin1Char('\n')));
    m_problems->setVisible(!p.isEmpty());
    m_restartNotice->setVisible(AppSettings::restartRequired(m_original, current()));
    const int profile = m_profile->currentIndex();
    m_certificate->parentWidget()->setEnabled(profile >= 2);
    m_key->parentWidget()->setEnabled(profile >= 2);
    m_ca->parentWidget()->setEnabled(profile == 3);
}

void SettingsDialog::accept()
{
    const QStringList p = problems();
    if (!p.isEmpty()) {
        m_problems->setText(tr("Not saved yet:") + QLatin1Char('\n') + p.join(QLatin1Char('\n')));
        m_problems->show();
        return; // the dialog stays open with the inputs as typed
    }
    const AppSettings s = current();
    m_restartRequired = AppSettings::restartRequired(m_original, s);
    m_settings = s;
    QDialog::accept();
}

void SettingsDialog::showTab(Tab tab) { m_tabs->setCurrentIndex(int(tab)); }

void SettingsDialog::setKeychainBusy(bool busy)
{
    m_storePassword->setEnabled(!busy);
    m_removePassword->setEnabled(!busy);
    m_checkPassword->setEnabled(!busy);
}

void SettingsDialog::keychainDone(bool ok, const QString &message, bool warn)
{
    setKeychainBusy(false);
    m_keychainStatus->setText(message);
    m_keychainStatus->setStyleSheet(!ok ? QStringLiteral("color:#c01c28;")
                                        : warn ? QStringLiteral("color:#9c5b00;") : QStringLiteral("color:#26734d;"));
    Q_EMIT keychainFinished(ok, message);
}

void SettingsDialog::storePassword()
{
    const QString identity = m_passwordIdentity->currentText().trimmed();
    const QString password = m_password->text();
    if (identity.isEmpty() || password.isEmpty()) {
        keychainDone(false, tr("Type the station identity and its password first."));
        return;
    }
    const QString lengthNote = password.size() < kMinPassword || password.size() > kMaxPassword
        ? tr(" Note: OCPP 2.0.1 and 2.1 expect %1 to %2 characters; this one has %3.").arg(kMinPassword).arg(kMaxPassword).arg(password.size())
        : QString();
    setKeychainBusy(true);
    m_keychainStatus->setText(tr("Saving in the keychain\u2026"));
    m_keychainStatus->setStyleSheet(QString());
    QPointer<SettingsDialog> self(this);
    m_secrets->write(SecretStore::stationPasswordKey(identity), password.toUtf8(), [self, identity, lengthNote](Status<> s) {
        if (!self)
            return;
        if (s.ok()) {
            self->m_password->clear();
            self->keychainDone(true, tr("Saved the password of %1 in the keychain.").arg(identity) + lengthNote,
                               !lengthNote.isEmpty());
        } else {
            self->keychainDone(false, tr("The password of %1 was not saved (nor kept anywhere else): %2")
                                          .arg(identity, s.error().text()));
        }
    });
}

void SettingsDialog::removePassword()
{
    const QString identity = m_passwordIdentity->currentText().trimmed();
    if (identity.isEmpty()) {
        keychainDone(false, tr("Type the station identity whose password should go."));
        return;
    }
    setKeychainBusy(true);
    QPointer<SettingsDialog> self(this);
    m_secrets->remove(SecretStore::stationPasswordKey(identity), [self, identity](Status<> s) {
        if (!self)
            return;
        if (s.ok())
            self->keychainDone(true, tr("No password is stored for %1 any more.").arg(identity));
        else
            self->keychainDone(false, tr("The password of %1 could not be removed: %2").arg(identity, s.error().text()));
    });
}

void SettingsDialog::checkPassword()
{
    const QString identity = m_passwordIdentity->currentText().trimmed();
    if (identity.isEmpty()) {
        keychainDone(false, tr("Type the station identity to look up."));
        return;
    }
    setKeychainBusy(true);
    QPointer<SettingsDialog> self(this);
    m_secrets->read(SecretStore::stationPasswordKey(identity), [self, identity](Result<std::optional<QByteArray>> r) {
        if (!self)
            return;
        if (!r.ok())
            self->keychainDone(false, tr("The keychain could not be read: %1").arg(r.error().text()));
        else if (r.value())
            self->keychainDone(true, tr("A password of %1 characters is stored for %2.").arg(r.value()->size()).arg(identity));
        else
            self->keychainDone(true, tr("No password is stored for %1.").arg(identity));
    });
}

} // namespace cb
