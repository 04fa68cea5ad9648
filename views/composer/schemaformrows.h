#pragma once

#include "schema/schemanode.h"
#include "schemaformmodel.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <memory>
#include <vector>

// The rows of a SchemaFormModel and how they are made from a schema and a payload, apart from the
// Qt model that shows and edits them. Used by the model's source files only.
namespace cb::schemaform {

enum class Shape { Leaf, Object, Array };

struct Node
{
    Node *parent = nullptr;
    QString name;             // property name; empty for array items (their row is their name)
    QJsonObject schema;       // resolved subschema; empty when the schema does not know the value
    QString description;
    QString typeLabel;
    bool inSchema = true;
    bool required = false;
    bool arrayItem = false;
    bool present = true;
    Shape shape = Shape::Leaf;
    QJsonValue value;         // leaves only; containers are made of their children
    std::vector<std::unique_ptr<Node>> children;

    int row() const
    {
        if (!parent)
            return 0;
        const auto &sib = parent->children;
        for (size_t i = 0; i < sib.size(); ++i)
            if (sib[i].get() == this)
                return int(i);
        return 0;
    }
    QString schemaType() const { return schemanode::typeOf(schema); }
};

// One row for `value` under `parent`, described by `rawSchema` ($refs resolved against `root`).
// Its children are not made yet: childrenFor() does that.
std::unique_ptr<Node> makeNode(const QJsonObject &root, Node *parent, const QString &name, const QJsonObject &rawSchema,
                               const QJsonValue &value, bool present, bool inSchema);
// The rows below a container (and below those, all the way down); empty for a leaf. The
// container's own value is cleared: its content lives in its children from then on.
std::vector<std::unique_ptr<Node>> childrenFor(const QJsonObject &root, Node *node);
Shape shapeFor(const Node *node, const QJsonValue &value);
// The Type column.
QString typeLabel(const QJsonObject &rawSchema, const QJsonObject &resolved, bool inSchema);
// See SchemaFormModel::defaultValue.
QJsonValue defaultValue(const QJsonObject &root, const QJsonObject &node);

// The payload a row stands for, as json() emits it.
QJsonValue valueOf(const Node *node);
// The JSON pointer of a row, e.g. "/evse/id".
QString pointerOf(const Node *node);
SchemaFormModel::EditorKind editorKind(const Node *node);
// The Value column as people read it.
QString valueText(const Node *node);

} // namespace cb::schemaform
