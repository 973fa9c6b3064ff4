#include "core/teach/lesson.h"

namespace moe {

const std::vector<std::string>& lessonLevels() {
    static const std::vector<std::string> levels{"first-steps", "core", "advanced"};
    return levels;
}

}  // namespace moe
