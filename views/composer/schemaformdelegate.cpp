#include "schemaformdelegate.h"

#include "schemaformmodel.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QSpinBox>

#include <cmath>
#include <limits>

namespace cb {

namespace {

using Kind = SchemaFormModel::EditorKind;

Kind kindOf(const QModelIndex &index) { return Kind(index.data(SchemaFormModel::EditorKindRole).toInt()); }

int decimalsOf(double step)
{
    int d = 0;
    while (d < 6 && std::abs(step * std::pow(10.0, d) - std::round(step * std::pow(10.0, d))) > 1e-9)
        ++d;
    return d;
}

} // namespace

QWidget *SchemaFormDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QVariant min = index.data(SchemaFormModel::MinimumRole);
    const QVariant max = index.data(SchemaFormModel::MaximumRole);
    switch (kindOf(index)) {
    case Kind::Enum: {
        auto *box = new QComboBox(parent);
        box->addItems(index.data(SchemaFormModel::EnumValuesRole).toStringList());
        return box;
    }
    case Kind::Integer: {
        auto *spin = new QSpinBox(parent);
        constexpr double lo = std::numeric_limits<int>::min();
        constexpr double hi = std::numeric_limits<int>::max();
        spin->setRange(int(std::max(lo, min.isValid() ? std::ceil(min.toDouble()) : lo)),
                       int(std::min(hi, max.isValid() ? std::floor(max.toDouble()) : hi)));
        spin->setAccelerated(true);
        return spin;
    }
    case Kind::Number: {
        auto *spin = new QDoubleSpinBox(parent);
        const QVariant step = index.data(SchemaFormModel::MultipleOfRole);
        spin->setDecimals(step.isValid() ? decimalsOf(step.toDouble()) : 4);
        if (step.isValid())
            spin->setSingleStep(step.toDouble());
        spin->setRange(min.isValid() ? min.toDouble() : -1e12, max.isValid() ? max.toDouble() : 1e12);
        spin->setAccelerated(true);
        return spin;
    }
    case Kind::DateTime: {
        auto *edit = new QDateTimeEdit(parent);
        edit->setTimeSpec(Qt::UTC);
        edit->setDisplayFormat(QString::fromLatin1(kDateTimeFormat));
        edit->setCalendarPopup(true);
        return edit;
    }
    case Kind::Text: {
        auto *line = new QLineEdit(parent);
        const QVariant maxLength = index.data(SchemaFormModel::MaxLengthRole);
        if (maxLength.isValid())
            line->setMaxLength(maxLength.toInt());
        return line;
    }
    case Kind::Json: {
        auto *line = new QLineEdit(parent);
        line->setPlaceholderText(tr("JSON, e.g. \"text\", 12, {\"key\": 1}"));
        return line;
    }
    case Kind::Boolean:
    case Kind::None: break;
    }
    return QStyledItemDelegate::createEditor(parent, option, index);
}

void SchemaFormDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    const QVariant v = index.data(Qt::EditRole);
    if (auto *box = qobject_cast<QComboBox *>(editor)) {
        int i = box->findText(v.toString());
        if (i < 0 && !v.toString().isEmpty()) {
            // A value outside the enum (typed in the raw JSON) stays visible until replaced.
            box->insertItem(0, v.toString());
            i = 0;
        }
        box->setCurrentIndex(std::max(i, 0));
    } else if (auto *spin = qobject_cast<QSpinBox *>(editor)) {
        spin->setValue(int(v.toLongLong()));
    } else if (auto *dspin = qobject_cast<QDoubleSpinBox *>(editor)) {
        dspin->setValue(v.toDouble());
    } else if (auto *dt = qobject_cast<QDateTimeEdit *>(editor)) {
        QDateTime when = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
        if (!when.isValid())
            when = QDateTime::currentDateTimeUtc();
        dt->setDateTime(when.toUTC());
    } else if (auto *line = qobject_cast<QLineEdit *>(editor)) {
        line->setText(v.toString());
    } else {
        QStyledItemDelegate::setEditorData(editor, index);
    }
}

void SchemaFormDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    if (auto *box = qobject_cast<QComboBox *>(editor))
        model->setData(index, box->currentText());
    else if (auto *spin = qobject_cast<QSpinBox *>(editor))
        model->setData(index, qlonglong(spin->value()));
    else if (auto *dspin = qobject_cast<QDoubleSpinBox *>(editor))
        model->setData(index, dspin->value());
    else if (auto *dt = qobject_cast<QDateTimeEdit *>(editor))
        model->setData(index, dt->dateTime().toUTC());
    else if (auto *line = qobject_cast<QLineEdit *>(editor))
        model->setData(index, line->text());
    else
        QStyledItemDelegate::setModelData(editor, model, index);
}

void SchemaFormDelegate::updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option, const QModelIndex &) const
{
    editor->setGeometry(option.rect);
}

} // namespace cb
