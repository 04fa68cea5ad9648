#pragma once

#include <QStringList>
#include <QWidget>

class QListWidget;
class QToolButton;

namespace cb::dm {

// Editor for SequenceList (ordered: checked items in the order shown, Up/Down move them) and
// MemberList (a set: checked items, order of the values list). Space toggles, Alt+Up/Down move.
class ListSelectionEditor : public QWidget
{
    Q_OBJECT
public:
    ListSelectionEditor(bool ordered, QWidget *parent = nullptr);

    // `all` is the values list; `selected` the current value (its order first when ordered).
    void setOptions(const QStringList &all, const QStringList &selected);
    QStringList selected() const;
    bool ordered() const { return m_ordered; }
    QListWidget *list() const { return m_list; }
    // Moves the current item one place (ordered lists only).
    void moveCurrent(int delta);
    void setChecked(const QString &value, bool on);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool m_ordered;
    QListWidget *m_list;
    QToolButton *m_up = nullptr;
    QToolButton *m_down = nullptr;
};

} // namespace cb::dm
