#pragma once
// Intended usage: the Trace workspace - a routing trace recorded from a real MoE model
// (docs/trace-format.md) opened in the window, with five views over TraceStats (the numbers of
// `moe trace-stats`): Load (layers x experts, CV, MaxVio, dead and hot experts), Tokens (the
// text coloured by first choice), Co-activation (pairs chosen together, clustered),
// Specialisation (label x expert, NMI) and Consistency (layer to layer). It owns File > Open
// routing trace… (Ctrl+Shift+T) and the background read; a refused file is shown through
// ui/messages and the trace already open stays as it was.
//
//   auto* trace = new TraceWorkspace(window);       // a window of its own (Qt::Window), hidden
//   fileMenu->addAction(trace->openAction());
//   for (const TraceWorkspace::Figure& f : trace->figures()) installExportMenu(f.view, f.title, ...);
//   connect(trace, &TraceWorkspace::traceOpened, window, [=] { trace->show(); });
//   trace->openFile(path);                          // or setTrace(TraceLoader::read(path).value())


#include "ui/trace/trace_loader.h"

#include <QList>
#include <QWidget>

class QAction;
class QLabel;
class QTabWidget;

namespace moe::ui {

class TraceConsistencyView;
class TraceLoadView;
class TraceMatrixView;
class TraceTokenView;

class TraceWorkspace : public QWidget {
    Q_OBJECT
public:
    /// A view to offer for export: the widget, its figure title, whether it draws that title.
    struct Figure {
        QWidget* view = nullptr;
        QString title;
        bool hasTitle = false;
    };

    explicit TraceWorkspace(QWidget* parent = nullptr);

    QAction* openAction() const { return m_open; }
    TraceLoader* loader() const { return m_loader; }
    /// Asks for a file and opens it.
    void chooseFile();
    /// Reads `path` in the background; traceOpened() or openFailed() follows.
    void openFile(const QString& path);
    /// Shows a trace already read (the command line's --trace, tests); emits traceOpened().
    void setTrace(const LoadedTrace& trace);
    const LoadedTrace& trace() const { return m_trace; }
    bool hasTrace() const { return !m_trace.isEmpty(); }

    QTabWidget* views() const { return m_views; }
    TraceLoadView* loadView() const { return m_load; }
    TraceTokenView* tokenView() const { return m_tokens; }
    TraceMatrixView* coActivationView() const { return m_coActivation; }
    TraceMatrixView* specialisationView() const { return m_specialisation; }
    TraceConsistencyView* consistencyView() const { return m_consistency; }
    /// The views the export menu and File > Export view offer.
    QList<Figure> figures() const;
    /// The line above the views: model, tokens, layers, experts, top-k, recipe, labels.
    QString summaryText() const;

signals:
    void traceOpened(const QString& path);
    void openFailed(const QString& path, const QString& message);

private:
    void onFailed(const QString& path, const QString& message);
    QWidget* dialogParent();

    LoadedTrace m_trace;
    QAction* m_open = nullptr;
    TraceLoader* m_loader = nullptr;
    QLabel* m_summary = nullptr;
    QTabWidget* m_views = nullptr;
    TraceLoadView* m_load = nullptr;
    TraceTokenView* m_tokens = nullptr;
    TraceMatrixView* m_coActivation = nullptr;
    TraceMatrixView* m_specialisation = nullptr;
    TraceConsistencyView* m_consistency = nullptr;
};

}  // namespace moe::ui
