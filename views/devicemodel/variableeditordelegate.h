#pragma once

#include <QStyledItemDelegate>

namespace cb::dm {

class DeviceModelTreeModel;
struct VariableCharacteristics;

// Editors by data type for the Value column of the device model tree: integer and decimal spin
// boxes bounded by minLimit/maxLimit, a true/false combo for boolean, a combo of the values list
// for OptionList, ordered (SequenceList) or multi (MemberList) selection, a UTC date-time editor,
// and a line edit limited to maxLimit characters for strings. What an editor produces is the
// value string the station will be sent; the model queues it as a pending change.
class VariableEditorDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit VariableEditorDelegate(DeviceModelTreeModel *tree, QObject *parent = nullptr);

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;
    void updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // The value string an editor made by this delegate currently holds.
    static QString editorValue(const QWidget *editor);

Q_SIGNALS:
    // An edit the station would refuse by its own characteristics; not queued.
    void editRefused(const QString &why) const;

private:
    const VariableCharacteristics *characteristics(const QModelIndex &index) const;

    DeviceModelTreeModel *m_tree;
};

} // namespace cb::dm
