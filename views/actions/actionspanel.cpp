#include "actionspanel.h"

#include "operationinputs.h"
#include "station/operations/operationtable.h"
#include "station/stationstate.h"
#include "workspace/workspace.h"

#include <QComboBox>
#include <QGridLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLoggingCategory>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

Q_LOGGING_CATEGORY(lcActions, "chargebench.views.actions")

namespace cb {

namespace {

// An argument as a person reads it in a confirmation: text as is, JSON compact.
QString shown(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isDouble())
        return QString::number(v.toInteger());
    const QByteArray json = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1).chopped(1));
}

} // namespace

ActionsPanel::ActionsPanel(Workspace &workspace, QWidget *parent) : QWidget(parent), m_workspace(workspace)
{
    qRegisterMetaType<cb::OperationResult>();
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

void ActionsPanel::rebuild()
{
    m_rows.clear();
    m_order.clear();
    auto *content = new QWidget;
    auto *grid = new QGridLayout(content);
    grid->setColumnStretch(1, 1);
    grid->setVerticalSpacing(6);
    m_scroll->setWidget(content); // deletes the previous inputs and answer labels
    if (!m_version)
        return;
    QString block;
    for (const OperationDefinition *d : OperationTable::instance().forVersion(*m_version)) {
        const OperationSpec &spec = d->spec;
        if (spec.block != block) {
            block = spec.block;
            auto *heading = new QLabel(QStringLiteral("<b>%1</b>").arg(operationBlockTitle(block).toHtmlEscaped()), content);
            heading->setObjectName(block + QStringLiteral("Heading"));
            // Space above every heading but the first sets the blocks apart.
            if (grid->rowCount() > 1)
                heading->setContentsMargins(0, 10, 0, 0);
            grid->addWidget(heading, grid->rowCount(), 0, 1, 2);
        }
        const int row = grid->rowCount();
        auto inputs = std::make_shared<OperationInputs>(spec, *m_version, content, m_nextRemoteStartId);
        auto *button = new QPushButton(operationText(spec.title), content);
        button->setObjectName(spec.name + QStringLiteral("Button"));
        button->setToolTip(operationText(spec.description));
        const QString name = spec.name;
        connect(button, &QPushButton::clicked, this, [this, name] { trigger(name); });
        auto *answer = new QLabel(content);
        answer->setObjectName(spec.name + QStringLiteral("Answer"));
        answer->setWordWrap(true);
        answer->setTextInteractionFlags(Qt::TextSelectableByMouse);
        answer->hide();
        grid->addWidget(button, row, 0, Qt::AlignTop);
        grid->addWidget(inputs->widget(), row, 1);
        grid->addWidget(answer, row + 1, 1);
        m_rows.insert(spec.name, Row{button, answer, inputs});
        m_order << spec.name;
    }
    grid->setRowStretch(grid->rowCount(), 1);
}

Result<QJsonObject> ActionsPanel::arguments(const QString &operation) const
{
    if (!m_version)
        return Error{tr("No station selected."), tr("Choose a station in the list.")};
    const Row row = m_rows.value(operation);
    if (!row.inputs)
        return Error{tr("OCPP %1 has no operation \"%2\" here.").arg(versionName(*m_version), operation),
                     tr("Operations: %1.").arg(m_order.join(QStringLiteral(", ")))};
    return row.inputs->arguments();
}

Result<OcppRequest> ActionsPanel::request(const QString &operation) const
{
    const auto args = arguments(operation);
    if (!args)
        return args.error();
    const PreparedOperation prepared = OperationTable::instance().prepare(operation, *m_version, args.value(), m_station);
    if (prepared.refusal)
        return Error{prepared.refusal->text, QString()};
    return prepared.request;
}

void ActionsPanel::trigger(const QString &operation)
{
    if (!m_rows.contains(operation))
        return;
    const auto args = arguments(operation);
    if (!args) {
        showAnswer(operation, args.error().text(), Tone::Failed);
        return;
    }
    const PreparedOperation prepared = OperationTable::instance().prepare(operation, *m_version, args.value(), m_station);
    if (prepared.refusal) {
        showAnswer(operation, prepared.refusal->text, Tone::Failed);
        return;
    }
    if (prepared.definition->spec.isDestructive(args.value()))
        confirm(operation, args.value(), prepared.request);
    else
        send(operation, args.value(), prepared.request.action);
}

void ActionsPanel::confirm(const QString &operation, const QJsonObject &args, const OcppRequest &request)
{
    const OperationSpec &spec = OperationTable::instance().find(operation)->spec;
    if (m_confirmation)
        m_confirmation->reject();
    QString text = tr("%1 on %2?").arg(operationText(spec.title), m_station);
    QStringList given;
    for (auto it = args.begin(); it != args.end(); ++it)
        given << QStringLiteral("%1: %2").arg(it.key(), shown(it.value()));
    if (!given.isEmpty())
        text += QStringLiteral("\n\n") + given.join(QLatin1Char('\n'));
    auto *box = new QMessageBox(QMessageBox::Warning, operationText(spec.title), text, QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("confirmation"));
    box->setInformativeText(operationText(spec.description));
    box->setDefaultButton(QMessageBox::Cancel);
    box->button(QMessageBox::Yes)->setText(tr("Send %1").arg(request.action));
    box->setWindowModality(Qt::WindowModal);
    box->setAttribute(Qt::WA_DeleteOnClose);
    const QString station = m_station;
    const QString action = request.action;
    connect(box, &QMessageBox::finished, this, [this, box, operation, args, action, station](int) {
        if (m_confirmation == box)
            m_confirmation = nullptr; // closed now; deleted later
        if (box->clickedButton() == box->button(QMessageBox::Yes) && station == m_station)
            send(operation, args, action);
    });
    m_confirmation = box;
    box->open(); // not exec(): the GUI thread keeps running
}

void ActionsPanel::send(const QString &operation, const QJsonObject &args, const QString &action)
{
    const Row row = m_rows.value(operation);
    if (!row.inputs)
        return;
    if (QSpinBox *id = row.inputs->remoteStartInput()) {
        m_nextRemoteStartId = id->value() + 1;
        id->setValue(m_nextRemoteStartId);
    }
    showAnswer(operation, tr("Sent %1, waiting for the answer\u2026").arg(action), Tone::Waiting);
    // The answer label dies when the panel is rebuilt for another station; a late answer is then
    // dropped instead of landing next to the wrong station's button.
    QPointer<QLabel> label(row.answer);
    m_workspace.runOperation(m_station, operation, args, this, [this, label, operation](const OperationResult &r) {
        if (!label)
            return;
        switch (r.kind) {
        case OperationResult::Kind::Accepted: showAnswer(operation, r.answerLine(), Tone::Good); break;
        case OperationResult::Kind::Rejected: showAnswer(operation, r.answerLine(), Tone::Refused); break;
        default: showAnswer(operation, r.answerLine(), Tone::Failed); break;
        }
        Q_EMIT answered(operation, r);
    });
}

void ActionsPanel::showAnswer(const QString &operation, const QString &text, Tone tone)
{
    QLabel *label = m_rows.value(operation).answer;
    if (!label)
        return;
    label->setText(text);
    label->setVisible(!text.isEmpty());
    switch (tone) {
    case Tone::Waiting: label->setStyleSheet(QStringLiteral("color: palette(mid);")); break;
    case Tone::Good: label->setStyleSheet(QStringLiteral("color:#26734d;")); break;
    case Tone::Refused: label->setStyleSheet(QStringLiteral("color:#9c5b00;")); break;
    case Tone::Failed: label->setStyleSheet(QStringLiteral("color:#c01c28;")); break;
    }
    qCDebug(lcActions) << m_station << operation << text;
}

QString ActionsPanel::answerText(const QString &operation) const
{
    const QLabel *label = m_rows.value(operation).answer;
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
    const QStringList ids = snapshot.activeTransactionIds();
    for (const Row &row : std::as_const(m_rows)) {
        for (QComboBox *tx : row.inputs->transactionInputs()) {
            QStringList before;
            for (int i = 0; i < tx->count(); ++i)
                before << tx->itemText(i);
            if (ids == before)
                continue;
            // Follow the station unless the user typed an id of their own.
            const QString current = tx->currentText();
            const bool typed = !current.isEmpty() && !before.contains(current);
            tx->clear();
            for (const QString &id : ids)
                tx->addItem(id, id);
            if (typed)
                tx->setEditText(current);
            else if (!ids.isEmpty())
                tx->setCurrentIndex(0);
        }
    }
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
