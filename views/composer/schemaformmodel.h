#pragma once

#include "schema/violation.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

#include <memory>
#include <optional>

namespace cb {

namespace schemaform {
struct Node;
}

// A JSON payload as an editable tree, guided by its JSON schema: one row per property (every
// property the schema knows, present or not) or array item, with the value, its type and the
// schema's description as tooltip. Nothing is lost when a payload does not fit the schema:
// unknown properties and values of the wrong type stay in the tree (editable as JSON text) and
// come back out of json() unchanged, so the validator can point at them.
class SchemaFormModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, ValueColumn, TypeColumn, ColumnCount };

    // How the value column of a row is edited.
    enum class EditorKind { None, Text, Integer, Number, Boolean, Enum, DateTime, Json };
    Q_ENUM(EditorKind)

    enum Role {
        EditorKindRole = Qt::UserRole + 1, // int(EditorKind)
        EnumValuesRole,                    // QStringList
        MinimumRole,                       // double, invalid when unbounded
        MaximumRole,                       // double, invalid when unbounded
        MaxLengthRole,                     // int, invalid when unbounded
        MultipleOfRole,                    // double, invalid when not given
        JsonValueRole,                     // QJsonValue of the row as json() would emit it
        PointerRole,                       // JSON pointer of the row, e.g. "/evse/id"
        PresentRole,                       // bool: the property is in the payload
        RequiredRole,                      // bool: the schema requires the property
        InSchemaRole,                      // bool: false for properties the schema does not know
        ViolationRole,                     // QString: the rules this row breaks, empty when none
    };

    explicit SchemaFormModel(QObject *parent = nullptr);
    ~SchemaFormModel() override;

    // A new schema; the form starts from defaultValue() of it (required fields only).
    void setSchema(const QJsonObject &schema);
    const QJsonObject &schema() const { return m_schema; }

    // Replaces the payload shown. Does not emit edited().
    void setJson(const QJsonObject &payload);
    QJsonObject json() const;

    // The value a new property or array item starts with: enums take their first value, numbers
    // their minimum (or 0), strings are empty, date-times are now (UTC), objects hold their
    // required properties and arrays their minItems items.
    static QJsonValue defaultValue(const QJsonObject &root, const QJsonObject &node);

    // Structure edits. `index` may be of any column.
    bool canAddItem(const QModelIndex &index) const; // an array, or an item of one, below maxItems
    QModelIndex addItem(const QModelIndex &index);   // appends to the array; returns the new row
    bool canInclude(const QModelIndex &index) const; // a property that is not in the payload
    bool include(const QModelIndex &index);          // adds it with its default value
    bool canRemove(const QModelIndex &index) const;  // an optional or unknown property, or an item
    bool remove(const QModelIndex &index);

    // Sets the value at a row as is, whatever the schema says (the way to test validation).
    bool setValue(const QModelIndex &index, const QJsonValue &value);

    // Marks the rows the violations point at (and their ancestors) until the next call.
    void setViolations(const Violations &violations);
    QModelIndex indexForPointer(const QString &pointer, int column = NameColumn) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // JSON text of any value, also of scalars ("\"x\"", "5", "true"); and back (nullopt on error).
    static QString jsonText(const QJsonValue &value);
    static std::optional<QJsonValue> parseJsonText(const QString &text);

Q_SIGNALS:
    // The payload changed through an edit in the model (setData, add, include, remove, setValue).
    void edited();

private:
    // The rows and how they are made from the schema: schemaformrows.h.
    using Node = schemaform::Node;
    Node *nodeOf(const QModelIndex &index) const;
    QModelIndex indexOf(const Node *node, int column = NameColumn) const;
    void replaceValue(Node *node, const QJsonValue &value);
    void makeAbsent(Node *node);
    QString toolTip(const Node *node) const;
    QString violationText(const Node *node) const;
    bool hasViolationBelow(const Node *node) const;
    void emitAllChanged(const Node *node);

    QJsonObject m_schema;
    std::unique_ptr<Node> m_root;
    QHash<QString, QStringList> m_violations; // pointer -> rules
};

} // namespace cb
