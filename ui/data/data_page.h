#pragma once
// Intended usage: the "Data" tab. A short summary of the dataset (source, shape, task, what
// the import did), its class counts (or the target's range), a scatter of any two columns
// or of the first two principal components (the default when there are more than two
// features), and the whole table.
//
//   page->setData(dataset, QStringLiteral("iris.csv"), notes);
//   page->setAxes(DataPage::kPca1, DataPage::kPca2);

#include "core/data/dataset.h"
#include "core/data/pca.h"

#include <QStringList>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QTableView;

namespace moe::ui {

class DataScatterView;
class DatasetTableModel;

class DataPage : public QWidget {
    Q_OBJECT
public:
    /// Axis choices besides a feature index (0, 1, ...).
    static constexpr int kPca1 = -1;
    static constexpr int kPca2 = -2;
    /// Points drawn at most; larger datasets show an even subsample (the table shows all).
    static constexpr std::size_t kMaxPoints = 5000;

    explicit DataPage(QWidget* parent = nullptr);

    /// `source`: where the data came from (a file, a bundled or built-in name).
    void setData(const moe::Dataset& dataset, const QString& source = {},
                 const QStringList& notes = {});
    void setAxes(int x, int y);
    int xAxis() const;
    int yAxis() const;

    DataScatterView* scatter() const { return m_scatter; }
    DatasetTableModel* tableModel() const { return m_table; }
    QComboBox* xAxisBox() const { return m_x; }
    QComboBox* yAxisBox() const { return m_y; }
    QString summaryText() const;
    QString classCountsText() const;

signals:
    /// A row of the dataset (not of the subsample drawn) hovered or clicked in the scatter;
    /// rowClicked also when a table row is clicked or activated (Enter).
    void rowHovered(int row);
    void rowClicked(int row);
    void hoverLeft();

private:
    void fillAxisBoxes();
    void replot();
    QString axisTitle(int axis) const;

    std::shared_ptr<const moe::Dataset> m_data;
    moe::Pca m_pca;
    std::vector<float> m_projection;  ///< rows x 2 on the principal axes, when fitted
    std::size_t m_step = 1;           ///< the scatter draws every m_step-th row
    QLabel* m_summary = nullptr;
    QLabel* m_counts = nullptr;
    QComboBox* m_x = nullptr;
    QComboBox* m_y = nullptr;
    DataScatterView* m_scatter = nullptr;
    DatasetTableModel* m_table = nullptr;
    QTableView* m_tableView = nullptr;
};

}  // namespace moe::ui
