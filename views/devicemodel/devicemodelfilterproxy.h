#pragma once

#include <QSortFilterProxyModel>

namespace cb::dm {

class DeviceModelTreeModel;

// Filters the device model tree: text (component, variable, instance or value), only writable,
// only changed since the baseline snapshot. A variable is kept when it matches; its attributes
// come with it; a component or EVSE group is kept while any of its variables is. The tests run
// on the tree model's entries directly, never through data(), so filtering 10,000 variables
// builds no display strings.
class DeviceModelFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit DeviceModelFilterProxy(QObject *parent = nullptr);

    void setTreeModel(DeviceModelTreeModel *model);
    DeviceModelTreeModel *treeModel() const { return m_tree; }

    void setText(const QString &text);
    QString text() const { return m_text; }
    void setOnlyWritable(bool on);
    bool onlyWritable() const { return m_onlyWritable; }
    void setOnlyChanged(bool on);
    bool onlyChanged() const { return m_onlyChanged; }
    // Re-runs the filter (the baseline or the values changed underneath).
    void refilter();

    bool entryAccepted(int entry) const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    bool filtering() const { return !m_text.isEmpty() || m_onlyWritable || m_onlyChanged; }

    DeviceModelTreeModel *m_tree = nullptr;
    QString m_text;
    bool m_onlyWritable = false;
    bool m_onlyChanged = false;
};

} // namespace cb::dm
