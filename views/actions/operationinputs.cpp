#include "operationinputs.h"

#include "station/operations/operationargs.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace cb {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::OperationInputs)
};

// Label/input pairs per line: wide enough for the usual two or three, and operations with many
// parameters wrap instead of widening the whole tab.
constexpr int kPairsPerLine = 3;

int clampToInt(qint64 v)
{
    return int(std::clamp<qint64>(v, std::numeric_limits<int>::min() + 1, std::numeric_limits<int>::max()));
}

bool isNotGiven(const QSpinBox *s) { return !s->specialValueText().isEmpty() && s->value() == s->minimum(); }

// An editable combo box's value: the item's value when its text is shown, else what was typed.
QString comboValue(const QComboBox *c)
{
    const int i = c->currentIndex();
    if (i >= 0 && c->itemText(i) == c->currentText())
        return c->itemData(i).toString();
    return c->currentText().trimmed();
}

} // namespace

OperationInputs::OperationInputs(const OperationSpec &spec, OcppVersion version, QWidget *parent, int remoteStartId)
    : m_spec(spec), m_version(version), m_widget(new QWidget(parent))
{
    // Lines of label/input pairs, each at its natural width: a wide input in one operation must
    // not widen the inputs of another.
    auto *lines = new QVBoxLayout(m_widget);
    lines->setContentsMargins(0, 0, 0, 0);
    lines->setSpacing(4);
    QHBoxLayout *line = nullptr;
    int n = 0;
    for (const OperationParameter &p : spec.parameters) {
        if (!p.existsIn(version))
            continue;
        if (n % kPairsPerLine == 0) {
            if (line)
                line->addStretch(1);
            line = new QHBoxLayout;
            line->setSpacing(6);
            lines->addLayout(line);
        }
        QWidget *input = createInput(p, m_widget, remoteStartId);
        input->setObjectName(spec.name + QLatin1Char('.') + p.name);
        // The tooltip names the parameter as the CLI and API take it, for people who script it.
        QString tip = operationText(p.description) + QLatin1Char('\n') + Text::tr("CLI: --%1").arg(p.name);
        if (p.isRequiredIn(version))
            tip += QLatin1Char('\n') + Text::tr("Required.");
        input->setToolTip(tip);
        auto *label = new QLabel(Text::tr("%1:").arg(p.label()), m_widget);
        label->setBuddy(input);
        label->setToolTip(tip);
        if (n % kPairsPerLine != 0)
            line->addSpacing(8);
        line->addWidget(label);
        line->addWidget(input);
        m_inputs << Input{&p, input};
        ++n;
    }
    if (line) {
        line->addStretch(1);
    } else {
        auto *note = new QLabel(operationText(spec.description), m_widget);
        note->setEnabled(false); // greyed: it explains, it is not an input
        note->setWordWrap(true);
        lines->addWidget(note);
    }
}

QWidget *OperationInputs::createInput(const OperationParameter &p, QWidget *parent, int remoteStartId)
{
    const bool required = p.isRequiredIn(m_version);
    switch (p.type) {
    case OperationParameter::Type::Choice: {
        auto *c = new QComboBox(parent);
        if (!required && (p.defaultValue.isUndefined() || p.defaultValue.isNull()))
            c->addItem(p.notGivenText(), QString());
        for (const QString &value : p.choicesFor(m_version))
            c->addItem(value, value);
        if (p.freeTextIn.contains(m_version)) {
            c->setEditable(true);
            c->setInsertPolicy(QComboBox::NoInsert);
            if (p.maxLength > 0)
                c->lineEdit()->setMaxLength(p.maxLength);
        }
        const int preset = c->findData(p.defaultValue.toString());
        if (preset >= 0)
            c->setCurrentIndex(preset);
        return c;
    }
    case OperationParameter::Type::Integer: {
        auto *s = new QSpinBox(parent);
        const int minimum = clampToInt(p.minimum);
        const int maximum = clampToInt(p.maximum);
        if (p.hint == OperationParameter::Hint::RemoteStartId) {
            // Counts up after each start, so each one gets an id of its own without typing.
            s->setRange(minimum, maximum);
            s->setValue(std::max(remoteStartId, minimum));
            m_remoteStart = s;
            return s;
        }
        if (required) {
            s->setRange(minimum, maximum);
        } else {
            // The value below the minimum stands for "not given": the station or the table decides.
            s->setRange(minimum - 1, maximum);
            s->setSpecialValueText(p.notGivenText());
        }
        s->setValue(p.defaultValue.isDouble() ? clampToInt(p.defaultValue.toInteger()) : s->minimum());
        return s;
    }
    case OperationParameter::Type::String: {
        if (p.hint == OperationParameter::Hint::TransactionId) {
            auto *c = new QComboBox(parent);
            c->setEditable(true);
            c->setInsertPolicy(QComboBox::NoInsert);
            c->setMinimumContentsLength(16);
            if (p.maxLength > 0)
                c->lineEdit()->setMaxLength(p.maxLength);
            c->lineEdit()->setPlaceholderText(Text::tr("none running"));
            return c;
        }
        auto *e = new QLineEdit(parent);
        if (p.maxLength > 0)
            e->setMaxLength(p.maxLength);
        if (*p.example)
            e->setPlaceholderText(Text::tr("e.g. %1").arg(QString::fromUtf8(p.example)));
        e->setText(p.defaultValue.toString());
        return e;
    }
    case OperationParameter::Type::Boolean: {
        auto *b = new QCheckBox(parent);
        b->setChecked(p.defaultValue.toBool());
        return b;
    }
    case OperationParameter::Type::Json: {
        auto *e = new QLineEdit(parent);
        e->setPlaceholderText(QString::fromUtf8(p.example));
        // Room for a short list; a longer example is cut off here, the tooltip says the format.
        e->setMinimumWidth(e->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 30);
        return e;
    }
    }
    return new QWidget(parent);
}

Result<QJsonObject> OperationInputs::arguments() const
{
    QJsonObject args;
    for (const Input &in : m_inputs) {
        if (!in.widget)
            continue;
        const QString &name = in.parameter->name;
        if (auto *c = qobject_cast<QComboBox *>(in.widget.data())) {
            const QString value = comboValue(c);
            if (!value.isEmpty())
                args.insert(name, value);
        } else if (auto *s = qobject_cast<QSpinBox *>(in.widget.data())) {
            if (!isNotGiven(s))
                args.insert(name, qint64(s->value()));
        } else if (auto *b = qobject_cast<QCheckBox *>(in.widget.data())) {
            args.insert(name, b->isChecked());
        } else if (auto *e = qobject_cast<QLineEdit *>(in.widget.data())) {
            const QString text = e->text();
            if (text.trimmed().isEmpty())
                continue;
            if (in.parameter->type != OperationParameter::Type::Json) {
                args.insert(name, text);
                continue;
            }
            // The table reads JSON text and the short text forms the CLI takes, in one place.
            const auto converted = OperationArgs::fromStrings(m_spec, {{name, text}});
            if (!converted)
                return converted.error();
            args.insert(name, converted.value().value(name));
        }
    }
    return args;
}

QList<QComboBox *> OperationInputs::transactionInputs() const
{
    QList<QComboBox *> out;
    for (const Input &in : m_inputs)
        if (in.parameter->hint == OperationParameter::Hint::TransactionId && in.widget)
            out << static_cast<QComboBox *>(in.widget.data());
    return out;
}

} // namespace cb
