#include "variableeditordelegate.h"

#include "devicemodeltreemodel.h"
#include "listselectioneditor.h"
#include "variablevalue.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QListWidget>
#include <QSpinBox>

#include <climits>
#include <cmath>

namespace cb::dm {

namespace {

// The data type an editor was made for (tests and accessibility read it).
const char *const kType = "dataType";

int clampToInt(double v) { return v <= double(INT_MIN) ? INT_MIN : v >= double(INT_MAX) ? INT_MAX : int(std::lround(v)); }

int decimalsOf(const QString &value)
{
    const qsizetype dot = value.indexOf(QLatin1Char('.'));
    return dot < 0 ? 0 : int(value.size() - dot - 1);
}

QStringList splitList(const QString &value)
{
    QStringList out;
    for (const QString &s : value.split(QLatin1Char(','), Qt::SkipEmptyParts))
        out << s.trimmed();
    return out;
}

} // namespace

VariableEditorDelegate::VariableEditorDelegate(DeviceModelTreeModel *tree, QObject *parent) : QStyledItemDelegate(parent), m_tree(tree) {}

const VariableCharacteristics *VariableEditorDelegate::characteristics(const QModelIndex &index) const
{
    const int entry = index.data(DeviceModelTreeModel::EntryRole).toInt();
    if (entry < 0 || entry >= m_tree->deviceModel().size())
        return nullptr;
    const auto &c = m_tree->deviceModel().at(entry).characteristics;
    return c ? &*c : nullptr;
}

QWidget *VariableEditorDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &, const QModelIndex &index) const
{
    const VariableCharacteristics *c = characteristics(index);
    const QString type = c ? c->dataType : QStringLiteral("string");
    QWidget *editor = nullptr;
    if (type == QLatin1String("integer")) {
        auto *spin = new QSpinBox(parent);
        spin->setRange(c->minLimit ? clampToInt(std::ceil(*c->minLimit)) : INT_MIN, c->maxLimit ? clampToInt(std::floor(*c->maxLimit)) : INT_MAX);
        if (!c->unit.isEmpty())
            spin->setSuffix(QLatin1Char(' ') + c->unit);
        editor = spin;
    } else if (type == QLatin1String("decimal")) {
        auto *spin = new QDoubleSpinBox(parent);
        spin->setDecimals(std::max(3, decimalsOf(index.data(Qt::EditRole).toString())));
        spin->setRange(c->minLimit ? *c->minLimit : -1e12, c->maxLimit ? *c->maxLimit : 1e12);
        if (!c->unit.isEmpty())
            spin->setSuffix(QLatin1Char(' ') + c->unit);
        editor = spin;
    } else if (type == QLatin1String("boolean")) {
        auto *combo = new QComboBox(parent);
        combo->addItems({QStringLiteral("true"), QStringLiteral("false")});
        editor = combo;
    } else if (type == QLatin1String("OptionList")) {
        auto *combo = new QComboBox(parent);
        combo->addItems(c->values());
        editor = combo;
    } else if (type == QLatin1String("SequenceList") || type == QLatin1String("MemberList")) {
        editor = new ListSelectionEditor(type == QLatin1String("SequenceList"), parent);
    } else if (type == QLatin1String("dateTime")) {
        auto *edit = new QDateTimeEdit(parent);
        edit->setTimeSpec(Qt::UTC);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
        edit->setCalendarPopup(true);
        editor = edit;
    } else {
        auto *line = new QLineEdit(parent);
        if (c && c->maxLimit && *c->maxLimit >= 0)
            line->setMaxLength(clampToInt(*c->maxLimit));
        editor = line;
    }
    editor->setProperty(kType, type);
    if (c) {
        const QString limits = VariableValue::limitsText(*c);
        if (!limits.isEmpty())
            editor->setToolTip(tr("Allowed: %1").arg(limits));
    }
    return editor;
}

void VariableEditorDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    const QString value = index.data(Qt::EditRole).toString();
    if (auto *spin = qobject_cast<QSpinBox *>(editor)) {
        spin->setValue(value.toInt());
    } else if (auto *dspin = qobject_cast<QDoubleSpinBox *>(editor)) {
        dspin->setValue(value.toDouble());
    } else if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        const int i = combo->findText(value);
        combo->setCurrentIndex(std::max(i, 0));
    } else if (auto *list = qobject_cast<ListSelectionEditor *>(editor)) {
        const VariableCharacteristics *c = characteristics(index);
        list->setOptions(c ? c->values() : splitList(value), splitList(value));
    } else if (auto *dt = qobject_cast<QDateTimeEdit *>(editor)) {
        QDateTime when = QDateTime::fromString(value, Qt::ISODateWithMs);
        dt->setDateTime(when.isValid() ? when.toUTC() : QDateTime::currentDateTimeUtc());
    } else if (auto *line = qobject_cast<QLineEdit *>(editor)) {
        line->setText(value);
    }
}

QString VariableEditorDelegate::editorValue(const QWidget *editor)
{
    if (auto *spin = qobject_cast<const QSpinBox *>(editor))
        return QString::number(spin->value());
    if (auto *dspin = qobject_cast<const QDoubleSpinBox *>(editor))
        return VariableValue::decimalText(dspin->value());
    if (auto *combo = qobject_cast<const QComboBox *>(editor))
        return combo->currentText();
    if (auto *list = qobject_cast<const ListSelectionEditor *>(editor))
        return list->selected().join(QLatin1Char(','));
    if (auto *dt = qobject_cast<const QDateTimeEdit *>(editor))
        return dt->dateTime().toUTC().toString(Qt::ISODate);
    if (auto *line = qobject_cast<const QLineEdit *>(editor))
        return line->text();
    return {};
}

void VariableEditorDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    const QString value = editorValue(editor);
    if (const VariableCharacteristics *c = characteristics(index)) {
        const QString problem = VariableValue::problem(*c, value);
        if (!problem.isEmpty()) {
            Q_EMIT editRefused(problem);
            return;
        }
    }
    model->setData(index, value, Qt::EditRole);
}

void VariableEditorDelegate::updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option, const QModelIndex &) const
{
    QRect r = option.rect;
    // A list needs room for its items; it may cover the rows below while open.
    if (auto *list = qobject_cast<ListSelectionEditor *>(editor)) {
        const int rows = std::min(8, std::max(3, list->list()->count()));
        r.setHeight(rows * (list->list()->fontMetrics().height() + 6) + 6);
        r.setWidth(std::max(r.width(), 260));
    } else {
        r.setWidth(std::max(r.width(), editor->sizeHint().width()));
    }
    editor->setGeometry(r);
}

} // namespace cb::dm
