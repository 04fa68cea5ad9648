#pragma once

#include "devicemodel/devicemodel.h"
#include "writestate.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QList>

#include <optional>

class QUndoStack;

namespace cb::dm {

// The device model of one station as a tree: [EVSE group ->] component -> variable -> attribute.
// Built like Wireshark's protocol tree: rows are views onto the DeviceModel entries (implicitly
// shared, never copied per row); a row's text is made only when a view asks for it, so 10,000
// variables cost a few index vectors, not 10,000 sets of strings.
//
// Edits do not change the device model: they become pending changes (undoable), shown in their
// own colour until Apply sends them. The value a row shows is always what the station last
// reported; a write's outcome is shown beside it (Result column) and a value is marked changed only
// when the station accepted it and a re-read returned it (WriteState::Verified).
class DeviceModelTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { Name, Value, Mutability, Unit, DataType, Limits, ValuesList, Result, ColumnCount };
    enum class Kind { Group, Component, Variable, Attribute };
    enum Role {
        KindRole = Qt::UserRole + 1, // Kind as int
        EntryRole,                   // entry index in the device model (-1 for groups/components)
        AttributeTypeRole,           // "Actual", "Target", ... (variable rows: Actual)
        PendingRole,                 // the pending value, or invalid
        ChangedRole,                 // bool: the write was verified
        ChangedSinceBaselineRole,    // bool: differs from the baseline snapshot
        WritableRole,                // bool
        SortRole,
    };
    Q_ENUM(Column)

    struct PendingEdit
    {
        int entry = -1;
        QString attributeType;
        QString value;
    };

    explicit DeviceModelTreeModel(QObject *parent = nullptr);

    // Replaces the device model. When only values changed (same entries in the same order, as after
    // a re-read or a poll), rows stay and only changed cells are announced; otherwise the tree is
    // rebuilt. Pending edits of entries that disappeared are dropped.
    void setDeviceModel(const DeviceModel &model);
    const DeviceModel &deviceModel() const { return m_model; }

    // "Changed since snapshot" compares against this; nullopt clears it.
    void setBaseline(const std::optional<DeviceModel> &baseline);
    bool hasBaseline() const { return m_baseline.has_value(); }
    bool changedSinceBaseline(int entry) const { return entry >= 0 && entry < m_changedSinceBaseline.size() && m_changedSinceBaseline.at(entry); }

    void setGroupByEvse(bool on);
    bool groupByEvse() const { return m_groupByEvse; }

    // Pending changes. setData(Value column) queues one through the undo stack.
    QUndoStack *undoStack() const { return m_undo; }
    QList<PendingEdit> pendingEdits() const;
    int pendingCount() const { return int(m_pending.size()); }
    std::optional<QString> pendingValue(int entry, const QString &attributeType) const;
    // Applied by the undo commands; views and Apply use the undo stack instead.
    void putPending(int entry, const QString &attributeType, const std::optional<QString> &value);
    // Discards every pending edit as one undoable step.
    void discardPending();
    // Called once pending edits were handed to the station: they leave the pending set for good.
    void takePending(const QList<PendingEdit> &sent);

    void setWriteState(int entry, const QString &attributeType, const WriteState &state);
    std::optional<WriteState> writeState(int entry, const QString &attributeType) const;
    void clearWriteStates();

    // Direct access for the filter proxy (no strings built through data()).
    Kind kind(const QModelIndex &index) const;
    int entryOf(const QModelIndex &index) const;  // -1 for groups and components
    QList<int> entriesUnder(const QModelIndex &index) const;
    bool entryMatches(int entry, const QString &needle) const; // case-insensitive substring
    QModelIndex indexOfEntry(int entry, int column = 0) const;
    QModelIndex indexOfAttribute(int entry, const QString &attributeType, int column = 0) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void pendingChanged(int count);

private:
    struct ComponentNode
    {
        int group = 0;
        QList<int> entries; // entry indexes, report order
    };
    struct GroupNode
    {
        std::optional<int> evseId; // nullopt: the station as a whole
        QList<int> components;
    };

    void rebuild();
    void computeBaselineFlags();
    QString attributeKey(int entry, const QString &attributeType) const;
    const VariableAttribute *attributeAt(const QModelIndex &index) const;
    QString attributeTypeAt(const QModelIndex &index) const;
    QVariant componentData(int component, int column, int role) const;
    QVariant variableData(int entry, int column, int role) const;
    QVariant attributeData(int entry, int attribute, int column, int role) const;
    QVariant valueCell(int entry, const QString &attributeType, const std::optional<QString> &value, int role) const;
    void emitRowChanged(int entry, const QString &attributeType);

    DeviceModel m_model;
    std::optional<DeviceModel> m_baseline;
    QList<bool> m_changedSinceBaseline;
    bool m_groupByEvse = false;
    QList<GroupNode> m_groups;          // one group (everything) when not grouping
    QList<ComponentNode> m_components;
    QList<int> m_componentOfEntry;      // entry -> component index
    QList<int> m_rowOfEntry;            // entry -> row under its component
    QList<int> m_rowOfComponent;        // component -> row under its group (or the root)
    QHash<QString, PendingEdit> m_pending;  // attributeKey -> edit
    QHash<QString, WriteState> m_results;   // attributeKey -> outcome
    QUndoStack *m_undo;
};

} // namespace cb::dm
