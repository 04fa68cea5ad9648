#include "actionspanel.h"

#include "schema/schemavalidator.h"
#include "station/stationstate.h"
#include "workspace/workspace.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

#include <limits>

Q_LOGGING_CATEGORY(lcActions, "chargebench.views.actions")

namespace cb {

namespace sa = stationactions;

namespace {

// A spin box whose lowest value means "not given", shown as `noneText`.
QSpinBox *optionalSpin(QWidget *parent, int min, int max, const QString &noneText)
{
    auto *s = new QSpinBox(parent);
    s->setRange(min - 1, max);
    s->setSpecialValueText(noneText);
    s->setValue(min - 1);
    return s;
}

std::optional<int> optionalValue(const QSpinBox *s)
{
    if (!s || (!s->specialValueText().isEmpty() && s->value() == s->minimum()))
        return std::nullopt;
    return s->value();
}

QSpinBox *spin(QWidget *parent, int min, int max, int value)
{
    auto *s = new QSpinBox(parent);
    s->setRange(min, max);
    s->setValue(value);
    return s;
}

// A row of labelled inputs.
class Inputs
{
public:
    explicit Inputs(QWidget *parent) : m_widget(new QWidget(parent)), m_layout(new QHBoxLayout(m_widget))
    {
        m_layout->setContentsMargins(0, 0, 0, 0);
    }
    template<typename W>
    W *add(const QString &label, W *w)
    {
        if (!label.isEmpty()) {
            auto *l = new QLabel(label, m_widget);
            l->setBuddy(w);
            m_layout->addWidget(l);
        }
        m_layout->addWidget(w);
        return w;
    }
    void note(const QString &text)
    {
        auto *l = new QLabel(text, m_widget);
        l->setEnabled(false);
        m_layout->addWidget(l);
    }
    QWidget *done()
    {
        m_layout->addStretch();
        return m_widget;
    }

private:
    QWidget *m_widget;
    QHBoxLayout *m_layout;
};

} // namespace

ActionsPanel::ActionsPanel(Workspace &workspace, QWidget *parent) : QWidget(parent), m_workspace(workspace)
{
    m_header = new QLabel(tr("No station selected."), this);
    m_header->setObjectName(QStringLiteral("actionsHeader"));
    m_header->setWordWrap(true);
    m_scroll = new QScrollArea(this);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_header);
    layout->addWidget(m_scroll, 1);
    connect(&m_workspace, &Workspace::stationChanged, this, &ActionsPanel::onStationChanged);
}

ActionsPanel::~ActionsPanel() = default;

QString ActionsPanel::objectNameOf(Action action)
{
    switch (action) {
    case Action::Reset: return QStringLiteral("reset");
    case Action::ChangeAvailability: return QStringLiteral("availability");
    case Action::UnlockConnector: return QStringLiteral("unlock");
    case Action::TriggerMessage: return QStringLiteral("trigger");
    case Action::StartTransaction: return QStringLiteral("start");
    case Action::StopTransaction: return QStringLiteral("stop");
    case Action::ClearCache: return QStringLiteral("clearCache");
    case Action::DataTransfer: return QStringLiteral("dataTransfer");
    }
    return {};
}

void ActionsPanel::setStation(const QString &identity, OcppVersion version)
{
    const bool changed = identity != m_station || !m_version || *m_version != version;
    m_station = identity;
    m_version = version;
    if (changed) {
        if (m_confirmation)
            m_confirmation->reject(); // it was about the previous station
        rebuild();
    }
    const auto live = m_workspace.liveStation(identity);
    m_connected = live && live->connected;
    if (live)
        updateTransactions(*live);
    updateEnabled();
}

void ActionsPanel::addRow(Action action, const QString &title, const QString &tip, QWidget *inputs)
{
    auto *grid = static_cast<QGridLayout *>(m_scroll->widget()->layout());
    const int row = grid->rowCount();
    auto *button = new QPushButton(title, m_scroll->widget());
    button->setObjectName(objectNameOf(action) + QStringLiteral("Button"));
    button->setToolTip(tip);
    connect(button, &QPushButton::clicked, this, [this, action] { trigger(action); });
    auto *answer = new QLabel(m_scroll->widget());
    answer->setObjectName(objectNameOf(action) + QStringLiteral("Answer"));
    answer->setWordWrap(true);
    answer->setTextInteractionFlags(Qt::TextSelectableByMouse);
    answer->hide();
    grid->addWidget(button, row, 0, Qt::AlignTop);
    grid->addWidget(inputs, row, 1);
    grid->addWidget(answer, row + 1, 1);
    m_rows.insert(action, Row{button, answer});
}

void ActionsPanel::rebuild()
{
    m_rows.clear();
    auto *content = new QWidget;
    auto *grid = new QGridLayout(content);
    grid->setColumnStretch(1, 1);
    grid->setVerticalSpacing(6);
    m_scroll->setWidget(content); // deletes the previous inputs and answer labels
    if (!m_version)
        return;
    const OcppVersion v = *m_version;
    const bool v16 = v == OcppVersion::V16;
    constexpr int kMaxId = 999;

    {
        Inputs in(content);
        m_resetType = in.add(tr("Type:"), new QComboBox(content));
        m_resetType->setObjectName(QStringLiteral("resetType"));
        m_resetType->addItems(sa::resetTypes(v));
        // Start from the gentle kind: Soft (1.6) or OnIdle (2.x) lets a running charge finish.
        for (const QString &gentle : {QStringLiteral("Soft"), QStringLiteral("OnIdle")})
            if (m_resetType->findText(gentle) >= 0)
                m_resetType->setCurrentText(gentle);
        m_resetEvse = nullptr;
        if (!v16) {
            m_resetEvse = in.add(tr("EVSE:"), optionalSpin(content, 0, kMaxId, tr("whole station")));
            m_resetEvse->setObjectName(QStringLiteral("resetEvse"));
        }
        addRow(Action::Reset, tr("Reset"),
               v16 ? tr("Soft restarts the software, Hard reboots the charge point.")
                   : tr("Immediate restarts now (ending transactions), OnIdle once nothing is charging."),
               in.done());
    }
    {
        Inputs in(content);
        m_availability = in.add(tr("To:"), new QComboBox(content));
        m_availability->setObjectName(QStringLiteral("availabilityStatus"));
        m_availability->addItems({QStringLiteral("Operative"), QStringLiteral("Inoperative")});
        if (v16) {
            m_availabilityEvse = nullptr;
            m_availabilityConnector = in.add(tr("Connector:"), spin(content, 0, kMaxId, 0));
            m_availabilityConnector->setSpecialValueText(tr("0 (whole charge point)"));
        } else {
            m_availabilityEvse = in.add(tr("EVSE:"), optionalSpin(content, 1, kMaxId, tr("whole station")));
            m_availabilityEvse->setObjectName(QStringLiteral("availabilityEvse"));
            m_availabilityConnector = in.add(tr("Connector:"), optionalSpin(content, 1, kMaxId, tr("all")));
        }
        m_availabilityConnector->setObjectName(QStringLiteral("availabilityConnector"));
        addRow(Action::ChangeAvailability, tr("Change availability"),
               tr("Inoperative takes the charger (or one EVSE/connector) out of service; Operative brings it back."), in.done());
    }
    {
        Inputs in(content);
        m_unlockEvse = nullptr;
        if (!v16) {
            m_unlockEvse = in.add(tr("EVSE:"), spin(content, 1, kMaxId, 1));
            m_unlockEvse->setObjectName(QStringLiteral("unlockEvse"));
        }
        m_unlockConnector = in.add(tr("Connector:"), spin(content, 1, kMaxId, 1));
        m_unlockConnector->setObjectName(QStringLiteral("unlockConnector"));
        addRow(Action::UnlockConnector, tr("Unlock connector"), tr("Releases the cable lock of a connector."), in.done());
    }
    {
        Inputs in(content);
        m_trigger = in.add(tr("Message:"), new QComboBox(content));
        m_trigger->setObjectName(QStringLiteral("triggerMessage"));
        m_trigger->addItems(sa::triggerMessages(v));
        m_triggerEvse = nullptr;
        m_customTrigger = nullptr;
        if (v16) {
            m_triggerConnector = in.add(tr("Connector:"), optionalSpin(content, 0, kMaxId, tr("not given")));
        } else {
            m_triggerEvse = in.add(tr("EVSE:"), optionalSpin(content, 0, kMaxId, tr("not given")));
            m_triggerEvse->setObjectName(QStringLiteral("triggerEvse"));
            m_triggerConnector = in.add(tr("Connector:"), optionalSpin(content, 1, kMaxId, tr("not given")));
        }
        m_triggerConnector->setObjectName(QStringLiteral("triggerConnector"));
        if (v == OcppVersion::V21) {
            m_customTrigger = in.add(tr("Custom:"), new QLineEdit(content));
            m_customTrigger->setObjectName(QStringLiteral("customTrigger"));
            m_customTrigger->setMaxLength(50);
            m_customTrigger->setPlaceholderText(tr("for CustomTrigger"));
            const auto sync = [this] { m_customTrigger->setEnabled(m_trigger->currentText() == QLatin1String("CustomTrigger")); };
            connect(m_trigger, &QComboBox::currentTextChanged, m_customTrigger, sync);
            sync();
        }
        addRow(Action::TriggerMessage, tr("Trigger message"), tr("Asks the station to send one of its messages now."), in.done());
    }
    {
        Inputs in(content);
        m_idToken = in.add(v16 ? tr("idTag:") : tr("idToken:"), new QLineEdit(content));
        m_idToken->setObjectName(QStringLiteral("startIdToken"));
        m_idToken->setMaxLength(sa::idTokenMaxLength(v));
        m_idToken->setPlaceholderText(tr("e.g. 04A2B3C4D5E6F7"));
        m_tokenType = nullptr;
        m_remoteStartId = nullptr;
        if (!v16) {
            m_tokenType = in.add(tr("Type:"), new QComboBox(content));
            m_tokenType->setObjectName(QStringLiteral("startTokenType"));
            m_tokenType->addItems(sa::idTokenTypes(v));
            m_tokenType->setCurrentText(QStringLiteral("ISO14443"));
            // 2.1 made the type a free string of up to 20 characters.
            m_tokenType->setEditable(v == OcppVersion::V21);
            if (m_tokenType->lineEdit())
                m_tokenType->lineEdit()->setMaxLength(20);
            m_remoteStartId = in.add(tr("remoteStartId:"), spin(content, 1, std::numeric_limits<int>::max(), m_nextRemoteStartId));
            m_remoteStartId->setObjectName(QStringLiteral("startRemoteStartId"));
        }
        m_startEvse = in.add(v16 ? tr("Connector:") : tr("EVSE:"), optionalSpin(content, 1, kMaxId, tr("any")));
        m_startEvse->setObjectName(QStringLiteral("startEvse"));
        addRow(Action::StartTransaction, v16 ? tr("Remote start") : tr("Request start"),
               tr("Asks the station to start a transaction for this token."), in.done());
    }
    {
        Inputs in(content);
        m_transaction = in.add(tr("Transaction:"), new QComboBox(content));
        m_transaction->setObjectName(QStringLiteral("stopTransaction"));
        m_transaction->setEditable(true);
        m_transaction->setMinimumContentsLength(16);
        m_transaction->lineEdit()->setMaxLength(v16 ? 11 : 36);
        m_transaction->lineEdit()->setPlaceholderText(tr("none running"));
        addRow(Action::StopTransaction, v16 ? tr("Remote stop") : tr("Request stop"),
               tr("Asks the station to stop a running transaction (the newest is preselected)."), in.done());
    }
    {
        Inputs in(content);
        in.note(tr("Empties the station's authorization cache."));
        addRow(Action::ClearCache, tr("Clear cache"), tr("Removes every cached id token from the station."), in.done());
    }
    {
        Inputs in(content);
        m_vendorId = in.add(tr("vendorId:"), new QLineEdit(content));
        m_vendorId->setObjectName(QStringLiteral("dataVendorId"));
        m_vendorId->setMaxLength(255);
        m_messageId = in.add(tr("messageId:"), new QLineEdit(content));
        m_messageId->setObjectName(QStringLiteral("dataMessageId"));
        m_messageId->setMaxLength(50);
        m_data = in.add(tr("data:"), new QLineEdit(content));
        m_data->setObjectName(QStringLiteral("dataData"));
        addRow(Action::DataTransfer, tr("Data transfer"), tr("Vendor-specific message; vendorId is required."), in.done());
    }
    grid->setRowStretch(grid->rowCount(), 1);
}

Result<sa::Request> ActionsPanel::request(Action action) const
{
    if (!m_version)
        return Error{tr("No station selected."), tr("Choose a station in the list.")};
    const OcppVersion v = *m_version;
    switch (action) {
    case Action::Reset: return sa::reset(v, m_resetType->currentText(), optionalValue(m_resetEvse));
    case Action::ChangeAvailability:
        return sa::changeAvailability(v, m_availability->currentText() == QLatin1String("Operative"),
                                      optionalValue(m_availabilityEvse),
                                      v == OcppVersion::V16 ? std::optional<int>(m_availabilityConnector->value())
                                                            : optionalValue(m_availabilityConnector));
    case Action::UnlockConnector: return sa::unlockConnector(v, m_unlockEvse ? m_unlockEvse->value() : 0, m_unlockConnector->value());
    case Action::TriggerMessage:
        return sa::triggerMessage(v, m_trigger->currentText(), optionalValue(m_triggerEvse), optionalValue(m_triggerConnector),
                                  m_customTrigger ? m_customTrigger->text() : QString());
    case Action::StartTransaction:
        if (m_idToken->text().trimmed().isEmpty() && !(m_tokenType && m_tokenType->currentText() == QLatin1String("NoAuthorization")))
            return Error{tr("No id token given."), tr("Type the token the transaction is for.")};
        return sa::startTransaction(v, m_idToken->text().trimmed(), m_tokenType ? m_tokenType->currentText() : QString(),
                                    m_remoteStartId ? m_remoteStartId->value() : 0, optionalValue(m_startEvse));
    case Action::StopTransaction: return sa::stopTransaction(v, m_transaction->currentText());
    case Action::ClearCache: return sa::clearCache(v);
    case Action::DataTransfer:
        if (m_vendorId->text().trimmed().isEmpty())
            return Error{tr("No vendorId given."), tr("DataTransfer needs the vendor's id, e.g. com.example.")};
        return sa::dataTransfer(v, m_vendorId->text().trimmed(), m_messageId->text(), m_data->text());
    }
    return Error{tr("Unknown action."), QString()};
}

QString ActionsPanel::confirmationText(const sa::Request &r) const
{
    if (r.action == QLatin1String("Reset"))
        return tr("Reset %1 (%2)? Transactions in progress may end.").arg(m_station, r.payload.value(QLatin1String("type")).toString());
    if (r.action == QLatin1String("ChangeAvailability"))
        return tr("Make %1 Inoperative? It will not charge until made Operative again.").arg(m_station);
    if (r.action == QLatin1String("UnlockConnector"))
        return tr("Unlock the connector of %1? A cable that is plugged in can then be pulled out.").arg(m_station);
    if (r.action == QLatin1String("ClearCache"))
        return tr("Clear the authorization cache of %1? Cached id tokens must be authorized again.").arg(m_station);
    return tr("Stop transaction %1 on %2?").arg(r.payload.value(QLatin1String("transactionId")).toVariant().toString(), m_station);
}

void ActionsPanel::trigger(Action action)
{
    if (!m_rows.contains(action))
        return;
    const auto built = request(action);
    if (!built) {
        showAnswer(action, built.error().text(), sa::Tone::Failed);
        return;
    }
    const sa::Request r = built.value();
    const Violations v = SchemaValidator::shared().validate(*m_version, r.action, PayloadKind::Request, r.payload);
    if (!v.isEmpty()) {
        showAnswer(action, tr("Not sent: the request breaks the schema (%1).").arg(describe(v)), sa::Tone::Failed);
        return;
    }
    if (!sa::isDestructive(r)) {
        send(action, r);
        return;
    }
    if (m_confirmation)
        m_confirmation->reject();
    auto *box = new QMessageBox(QMessageBox::Warning, r.action, confirmationText(r), QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("confirmation"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->button(QMessageBox::Yes)->setText(tr("Send %1").arg(r.action));
    box->setWindowModality(Qt::WindowModal);
    box->setAttribute(Qt::WA_DeleteOnClose);
    const QString station = m_station;
    connect(box, &QMessageBox::finished, this, [this, box, action, r, station](int) {
        if (m_confirmation == box)
            m_confirmation = nullptr; // closed now; deleted later
        if (box->clickedButton() == box->button(QMessageBox::Yes) && station == m_station)
            send(action, r);
    });
    m_confirmation = box;
    box->open(); // not exec(): the GUI thread keeps running
}

void ActionsPanel::send(Action action, const sa::Request &r)
{
    if (!m_rows.contains(action))
        return;
    if (action == Action::StartTransaction && m_remoteStartId) {
        m_nextRemoteStartId = m_remoteStartId->value() + 1;
        m_remoteStartId->setValue(m_nextRemoteStartId);
    }
    showAnswer(action, tr("Sent %1, waiting for the answer\u2026").arg(r.action), sa::Tone::Good);
    m_rows[action].answer->setStyleSheet(QStringLiteral("color: palette(mid);"));
    auto timeout = m_workspace.config().server.responseTimeout;
    if (timeout.count() <= 0)
        timeout = std::chrono::milliseconds(30000);
    // The answer label dies when the panel is rebuilt for another station; a late answer is then
    // dropped instead of landing next to the wrong station's button.
    QPointer<ActionsPanel> self(this);
    QPointer<QLabel> label(m_rows[action].answer);
    m_workspace.callStation(m_station, r.action, r.payload, timeout, [self, label, action](const CallOutcome &o) {
        QMetaObject::invokeMethod(
            QCoreApplication::instance(), [self, label, action, o] {
                if (!self || !label)
                    return;
                self->showAnswer(action, sa::answerText(o), sa::answerTone(o));
                Q_EMIT self->answered(action, o);
            },
            Qt::QueuedConnection);
    });
}

void ActionsPanel::showAnswer(Action action, const QString &text, sa::Tone tone)
{
    QLabel *label = m_rows.value(action).answer;
    if (!label)
        return;
    label->setText(text);
    label->setVisible(!text.isEmpty());
    switch (tone) {
    case sa::Tone::Good: label->setStyleSheet(QStringLiteral("color:#26734d;")); break;
    case sa::Tone::Refused: label->setStyleSheet(QStringLiteral("color:#9c5b00;")); break;
    case sa::Tone::Failed: label->setStyleSheet(QStringLiteral("color:#c01c28;")); break;
    }
    qCDebug(lcActions) << m_station << action << text;
}

QString ActionsPanel::answerText(Action action) const
{
    const QLabel *label = m_rows.value(action).answer;
    return label ? label->text() : QString();
}

void ActionsPanel::onStationChanged(const StationSnapshot &snapshot)
{
    if (snapshot.identity != m_station)
        return;
    m_connected = snapshot.connected;
    updateTransactions(snapshot);
    updateEnabled();
}

void ActionsPanel::updateTransactions(const StationSnapshot &snapshot)
{
    if (!m_transaction)
        return;
    QStringList before;
    for (int i = 0; i < m_transaction->count(); ++i)
        before << m_transaction->itemText(i);
    const QString current = m_transaction->currentText();
    const QStringList ids = sa::activeTransactionIds(snapshot);
    if (ids == before)
        return;
    // Follow the station unless the user typed an id of their own.
    const bool typed = !current.isEmpty() && !before.contains(current);
    m_transaction->clear();
    m_transaction->addItems(ids);
    if (typed)
        m_transaction->setEditText(current);
    else if (!ids.isEmpty())
        m_transaction->setCurrentIndex(0);
}

void ActionsPanel::updateEnabled()
{
    for (const Row &row : std::as_const(m_rows))
        row.button->setEnabled(m_connected);
    if (!m_version)
        m_header->setText(tr("No station selected."));
    else if (m_connected)
        m_header->setText(tr("<b>%1</b> \u00b7 OCPP %2 \u00b7 connected").arg(m_station.toHtmlEscaped(), versionName(*m_version)));
    else
        m_header->setText(tr("<b>%1</b> \u00b7 OCPP %2 \u00b7 not connected: the actions wait until it connects.")
                              .arg(m_station.toHtmlEscaped(), versionName(*m_version)));
}

} // namespace cb
