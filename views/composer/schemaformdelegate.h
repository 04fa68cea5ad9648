#pragma once

#include <QStyledItemDelegate>

namespace cb {

// Editors for the value column of a SchemaFormModel, chosen by the row's EditorKindRole and
// limited by the schema: enums as combo boxes, integers and numbers as spin boxes within
// minimum/maximum, strings cut at maxLength, date-times as UTC date-time editors, any other JSON
// as text. Booleans are check boxes of the model itself and need no editor.
class SchemaFormDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;
    void updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    static constexpr const char *kDateTimeFormat = "yyyy-MM-dd HH:mm:ss 'UTC'";
};

} // namespace cb
