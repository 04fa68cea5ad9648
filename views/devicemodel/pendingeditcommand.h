#pragma once

#include <QList>
#include <QString>
#include <QUndoCommand>

#include <optional>

namespace cb::dm {

class DeviceModelTreeModel;

// One undoable change to the pending-changes set of the Device Model tab: for each listed
// attribute, the pending value before and after (nullopt: not pending). Entries are named by key,
// so undo still finds them after the tree was rebuilt by a new report.
class PendingEditCommand : public QUndoCommand
{
public:
    struct Change
    {
        QString entryKey;
        QString attributeType;
        std::optional<QString> before;
        std::optional<QString> after;
    };

    PendingEditCommand(DeviceModelTreeModel &model, QList<Change> changes, const QString &text);
    void undo() override;
    void redo() override;

private:
    void apply(bool forward);

    DeviceModelTreeModel &m_model;
    QList<Change> m_changes;
};

} // namespace cb::dm
