package calendar

import "go.yaml.in/yaml/v3"

type fileYAML struct {
	Year     int           `yaml:"year"`
	Notices  []noticeYAML  `yaml:"notices,omitempty"`
	Holidays []holidayYAML `yaml:"holidays"`
}

type noticeYAML struct {
	Title  string `yaml:"title,omitempty"`
	Number string `yaml:"number,omitempty"`
	Date   string `yaml:"date,omitempty"`
	URL    string `yaml:"url,omitempty"`
}

type holidayYAML struct {
	Name string   `yaml:"name"`
	Off  []string `yaml:"off,omitempty,flow"`
	Work []string `yaml:"work,omitempty,flow"`
}

// Format writes the arrangement in the file format ParseArrangement reads, consecutive days off as intervals.
// Phase-two storage keeps this canonical text.
func (a *Arrangement) Format() []byte {
	f := fileYAML{Year: a.Year}
	for _, n := range a.Notices {
		f.Notices = append(f.Notices, noticeYAML(n))
	}
	for _, h := range a.Holidays {
		f.Holidays = append(f.Holidays, holidayYAML{Name: h.Name, Off: runs(h.Off), Work: runs(h.Work)})
	}
	b, err := yaml.Marshal(f)
	if err != nil {
		panic("calendar: format arrangement: " + err.Error()) // plain strings and ints always marshal
	}
	return b
}

// runs writes consecutive dates as "first/last" intervals.
func runs(ds []Date) []string {
	var out []string
	for i := 0; i < len(ds); {
		j := i
		for j+1 < len(ds) && ds[j+1].day() == ds[j].day()+1 {
			j++
		}
		s := ds[i].String()
		if j > i {
			s += "/" + ds[j].String()
		}
		out = append(out, s)
		i = j + 1
	}
	return out
}
