#include "ui/lessons/lesson_stage.h"

namespace moe::ui {

LessonStage::~LessonStage() = default;

}  // namespace moe::ui
